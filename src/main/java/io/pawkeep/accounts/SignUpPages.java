package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing up and asking for a password reset in the browser, through the API's services: the same
 * answer whether or not the address has an account (AUTH-10), the same rate limits. The mailed
 * links land on {@code /verify-email.html} and {@code /reset-password.html}.
 */
@Controller
class SignUpPages {

  /** The sign-up form as typed (never the password), with each field's error. */
  record SignUpForm(
      String displayName,
      String email,
      String nameError,
      String emailError,
      String passwordError,
      String error) {
    static SignUpForm empty() {
      return new SignUpForm("", "", null, null, null, null);
    }
  }

  private final Registration registration;
  private final PasswordReset reset;

  SignUpPages(Registration registration, PasswordReset reset) {
    this.registration = registration;
    this.reset = reset;
  }

  @GetMapping("/sign-up")
  String signUpPage(Model model) {
    model.addAttribute("form", SignUpForm.empty());
    return "accounts/sign-up";
  }

  @PostMapping("/sign-up")
  String signUp(
      @RequestParam(defaultValue = "") String displayName,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String password,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    String name = displayName.length() > 100 ? "" : displayName;
    String address = email.length() > 320 ? "" : email;
    // The address's shape is said beside its field, as the API refuses it (400).
    if (name.isBlank() || !Emails.shaped(address) || password.isEmpty()) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute(
          "form",
          new SignUpForm(
              name,
              address,
              name.isBlank() ? "Enter your name (at most 100 characters)." : null,
              address.isBlank()
                  ? "Enter your email address."
                  : !Emails.shaped(address)
                      ? "Enter an email address such as name@example.org, without spaces,"
                          + " quotes or angle brackets."
                      : null,
              password.isEmpty() ? "Choose a password." : null,
              null));
      return "accounts/sign-up";
    }
    try {
      registration.register(address, password, name, ClientInfo.of(request));
    } catch (ApiProblem problem) {
      PageProblems.answer(problem, response);
      boolean tooMany = problem.status() == HttpStatus.TOO_MANY_REQUESTS;
      model.addAttribute(
          "form",
          new SignUpForm(
              name,
              address,
              null,
              null,
              tooMany ? null : PageProblems.text(problem),
              tooMany ? PageProblems.TOO_MANY : null));
      return "accounts/sign-up";
    }
    model.addAttribute("email", address);
    return "accounts/check-email";
  }

  @GetMapping("/forgot-password")
  String forgotPage() {
    return "accounts/forgot-password";
  }

  @PostMapping("/forgot-password")
  String forgot(
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (email.isBlank() || email.length() > 320 || !email.contains("@")) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute("emailError", "Enter your email address.");
      return "accounts/forgot-password";
    }
    try {
      reset.request(email, ClientInfo.of(request));
    } catch (ApiProblem problem) {
      response.setStatus(problem.status().value());
      model.addAttribute(
          "error",
          problem.status() == HttpStatus.TOO_MANY_REQUESTS
              ? PageProblems.TOO_MANY
              : PageProblems.text(problem));
      return "accounts/forgot-password";
    }
    model.addAttribute("email", email);
    model.addAttribute("reset", true);
    return "accounts/check-email";
  }
}
