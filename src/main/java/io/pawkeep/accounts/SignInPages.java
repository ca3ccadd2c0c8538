package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.security.WebSessionCookie;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in and out in the browser (SESS-5). The password and second-factor steps are the API's
 * ({@link Login}: the same rate limits, lockout, generic failure and audit); the session it opens
 * becomes a browser session with a new id and a new cookie secret at every sign-in, so a session
 * can never be fixed in advance. The CSRF token is replaced at sign-in and sign-out.
 */
@Controller
class SignInPages {

  private static final Logger log = LoggerFactory.getLogger(SignInPages.class);
  static final String FAILED =
      "The email or password is not right, or this account cannot sign in yet. If you have just"
          + " signed up, confirm your email address with the link we sent.";
  private static final String CODE_FAILED =
      "That code did not work. Enter a current code from your app, or one of your recovery codes.";

  /** What the sign-in form shows again after a mistake (never the password). */
  record SignInForm(String email, boolean shared, String emailError, String passwordError) {
    static SignInForm empty() {
      return new SignInForm("", false, null, null);
    }
  }

  /** The second step's form: the challenge of the first step, never the password. */
  record SecondFactorForm(String challenge, boolean shared, String codeError) {}

  private final Login login;
  private final Sessions sessions;
  private final AccountAudit audit;
  private final WebSessionProperties settings;
  private final CsrfTokenRepository csrfTokens;
  private final CurrentUser currentUser;

  SignInPages(
      Login login,
      Sessions sessions,
      AccountAudit audit,
      WebSessionProperties settings,
      CsrfTokenRepository csrfTokens,
      CurrentUser currentUser) {
    this.login = login;
    this.sessions = sessions;
    this.audit = audit;
    this.settings = settings;
    this.csrfTokens = csrfTokens;
    this.currentUser = currentUser;
  }

  @GetMapping("/sign-in")
  String signInPage(Model model) {
    model.addAttribute("form", SignInForm.empty());
    return "accounts/sign-in";
  }

  @PostMapping("/sign-in")
  String signIn(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "false") boolean shared,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (email.isBlank() || password.isEmpty() || email.length() > 320 || password.length() > 1024) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute(
          "form",
          new SignInForm(
              email.length() > 320 ? "" : email,
              shared,
              email.isBlank() || email.length() > 320 ? "Enter your email address." : null,
              password.isEmpty() || password.length() > 1024 ? "Enter your password." : null));
      return "accounts/sign-in";
    }
    Login.Result result;
    try {
      result = login.login(email, password, ClientInfo.of(request));
    } catch (ApiProblem problem) {
      return refused(problem, new SignInForm(email, shared, null, null), response, model);
    }
    if (result.tokens() == null) {
      model.addAttribute("form", new SecondFactorForm(result.mfaToken(), shared, null));
      return "accounts/second-factor";
    }
    return open(result.tokens(), shared, request, response);
  }

  @PostMapping("/sign-in/second-factor")
  String secondFactor(
      @RequestParam(defaultValue = "") String challenge,
      @RequestParam(defaultValue = "") String code,
      @RequestParam(defaultValue = "false") boolean shared,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    TokenResponse tokens;
    try {
      if (challenge.isEmpty() || challenge.length() > 128) {
        throw new AuthenticationFailed();
      }
      tokens = login.completeWithSecondFactor(challenge, code.strip(), ClientInfo.of(request));
    } catch (ApiProblem problem) {
      if (problem.status() == HttpStatus.TOO_MANY_REQUESTS) {
        return refused(problem, SignInForm.empty(), response, model);
      }
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      model.addAttribute("form", new SecondFactorForm(challenge, shared, CODE_FAILED));
      return "accounts/second-factor";
    }
    return open(tokens, shared, request, response);
  }

  /** Ends this browser session in the database and in the browser. */
  @PostMapping("/sign-out")
  String signOut(HttpServletRequest request, HttpServletResponse response) {
    if (sessions.revoke(currentUser.userId(), currentUser.sessionId())) {
      audit.record(currentUser.userId(), "session.logout", ClientInfo.of(request).address());
    }
    WebSessionCookie.clear(response);
    csrfTokens.saveToken(null, request, response);
    return "redirect:/";
  }

  private String open(
      TokenResponse opened,
      boolean shared,
      HttpServletRequest request,
      HttpServletResponse response) {
    // The session this browser had (someone else's, on a shared device) ends with this sign-in.
    WebSessionCookie.read(request)
        .ifPresent(old -> sessions.endWebSession(WebSessionCookie.hash(old)));
    String secret = WebSessionCookie.newSecret();
    Duration idle = shared ? settings.sharedDeviceIdleTimeout() : settings.idleTimeout();
    sessions.makeWebSession(
        opened, WebSessionCookie.hash(secret), idle, settings.absoluteTimeout(), shared);
    WebSessionCookie.write(response, secret, shared ? null : settings.absoluteTimeout());
    csrfTokens.saveToken(null, request, response);
    log.info("Browser session opened{}", shared ? " on a shared device" : "");
    return "redirect:/";
  }

  /** Every refusal is the same generic one; too many attempts say when to try again. */
  private static String refused(
      ApiProblem problem, SignInForm form, HttpServletResponse response, Model model) {
    if (problem.status() == HttpStatus.TOO_MANY_REQUESTS) {
      PageProblems.answer(problem, response);
      model.addAttribute("error", PageProblems.TOO_MANY);
    } else {
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      model.addAttribute("error", FAILED);
    }
    model.addAttribute("form", form);
    return "accounts/sign-in";
  }
}
