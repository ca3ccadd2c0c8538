package io.pawkeep.admin;

import io.pawkeep.accounts.AccountSummary;
import io.pawkeep.accounts.Accounts;
import io.pawkeep.accounts.Operators;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Operator pages (AUTHZ-7): find an account by its email, deactivate it (its sessions, web ones
 * included, end at their next request), reactivate it, mail it a password reset link. Platform
 * administrators signed in with a second factor only, through the same facade as the API; anyone
 * else gets the 404 page, and a listed operator whose session lacks the second factor is led to set
 * it up. The email looked for is posted, never put in an address (logs, history).
 */
@Controller
class OperatorPages {

  private static final DateTimeFormatter TIMES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  /** What the account page says after an action; only these fixed texts, never the address's. */
  private static final Map<String, String> DONE =
      Map.of(
          "deactivated", "The account is deactivated; its sessions have ended.",
          "reactivated", "The account is active again.",
          "reset", "A password reset link was mailed to the account. You do not see it.");

  /** The find form as typed, with its field's message. */
  record FindForm(String email, String emailError) {}

  private final Accounts accounts;
  private final Operators operators;
  private final CurrentUser currentUser;

  private final UtcTimes times;

  OperatorPages(Accounts accounts, Operators operators, CurrentUser currentUser, UtcTimes times) {
    this.times = times;
    this.accounts = accounts;
    this.operators = operators;
    this.currentUser = currentUser;
  }

  @GetMapping("/admin")
  String home(HttpServletResponse response, Model model) {
    if (!operator()) {
      return secondFactorNeeded(response);
    }
    model.addAttribute("form", new FindForm("", null));
    return "admin/operator";
  }

  @PostMapping("/admin/accounts/find")
  String find(
      @RequestParam(defaultValue = "") String email, HttpServletResponse response, Model model) {
    if (!operator()) {
      return secondFactorNeeded(response);
    }
    if (email.isBlank()) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute("form", new FindForm(email, "Enter the account's email address."));
      return "admin/operator";
    }
    List<AccountSummary> found;
    try {
      found = accounts.findByEmail(currentUser.userId(), email);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.BAD_REQUEST) {
        throw problem;
      }
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute(
          "form",
          new FindForm(
              email.length() > 320 ? "" : email,
              "Enter a valid email address of at most 254 characters."));
      return "admin/operator";
    }
    model.addAttribute("form", new FindForm(email, null));
    model.addAttribute("found", found);
    model.addAttribute("times", times.in(TIMES));
    return "admin/operator";
  }

  @GetMapping("/admin/accounts/{id}")
  String account(
      @PathVariable UUID id,
      @RequestParam(required = false) String done,
      HttpServletResponse response,
      Model model) {
    if (!operator()) {
      return secondFactorNeeded(response);
    }
    return show(id, done == null ? null : DONE.get(done), null, model);
  }

  @PostMapping("/admin/accounts/{id}/deactivate")
  String deactivate(@PathVariable UUID id, HttpServletResponse response, Model model) {
    return act(
        id, "deactivated", () -> accounts.deactivate(currentUser.userId(), id), response, model);
  }

  @PostMapping("/admin/accounts/{id}/reactivate")
  String reactivate(@PathVariable UUID id, HttpServletResponse response, Model model) {
    return act(
        id, "reactivated", () -> accounts.reactivate(currentUser.userId(), id), response, model);
  }

  @PostMapping("/admin/accounts/{id}/password-reset")
  String passwordReset(@PathVariable UUID id, HttpServletResponse response, Model model) {
    return act(
        id, "reset", () -> accounts.startPasswordReset(currentUser.userId(), id), response, model);
  }

  /**
   * Runs an action and goes back to the account (POST/redirect/GET); a conflict (the operator's own
   * account, a reset for a deactivated one) is said on the account's page with 409.
   */
  private String act(
      UUID id, String done, Runnable action, HttpServletResponse response, Model model) {
    if (!operator()) {
      return secondFactorNeeded(response);
    }
    try {
      action.run();
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.CONFLICT) {
        throw problem;
      }
      response.setStatus(HttpStatus.CONFLICT.value());
      return show(id, null, problem.getMessage(), model);
    }
    return "redirect:/admin/accounts/" + id + "?done=" + done;
  }

  private String show(UUID id, String notice, String error, Model model) {
    model.addAttribute("account", operators.account(currentUser.userId(), id));
    model.addAttribute("notice", notice);
    model.addAttribute("error", error);
    model.addAttribute("self", id.equals(currentUser.userId()));
    model.addAttribute("times", times.in(TIMES));
    return "admin/account";
  }

  /** Whether the caller may act; 404 for anyone who is not a listed operator. */
  private boolean operator() {
    return switch (operators.standing(currentUser.userId())) {
      case OPERATOR -> true;
      case NEEDS_SECOND_FACTOR -> false;
      case NONE -> throw ApiProblem.notFound();
    };
  }

  private static String secondFactorNeeded(HttpServletResponse response) {
    response.setStatus(HttpStatus.FORBIDDEN.value());
    return "admin/second-factor-needed";
  }
}
