package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.security.WebSessionCookie;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in person's own account in the browser: profile, password, sessions and the second
 * factor, through the same {@link Profile} service as {@code /api/v1/me}. A password change ends
 * every session and opens a fresh browser session for this one (SESS-4, SESS-5).
 */
@Controller
class AccountPages {

  /** The password form's messages (never what was typed). */
  record PasswordForm(String currentError, String newError, String error) {}

  /** One session as the sessions page lists it. */
  record SessionRow(
      UUID id,
      String createdAt,
      String lastUsedAt,
      String device,
      String address,
      boolean secondFactor,
      boolean current) {}

  /** The second factor's set-up: the QR code, the secret for typing in, the code's error. */
  record Enrolment(String qrCode, String secret, String uri, String codeError) {}

  private static final java.time.format.DateTimeFormatter WHEN =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  private final Profile profile;
  private final Sessions sessions;
  private final CurrentUser currentUser;
  private final WebSessionProperties settings;
  private final UtcTimes times;

  AccountPages(
      Profile profile,
      Sessions sessions,
      CurrentUser currentUser,
      WebSessionProperties settings,
      UtcTimes times) {
    this.times = times;
    this.profile = profile;
    this.sessions = sessions;
    this.currentUser = currentUser;
    this.settings = settings;
  }

  @GetMapping("/account")
  String account(Model model) {
    return account(model, profile.timeZone(currentUser.userId()), null);
  }

  /** Keeps the zone the pages show times in; a name not in the list is refused beside the field. */
  @PostMapping("/account/time-zone")
  String changeTimeZone(
      @RequestParam(defaultValue = "") String timeZone, Model model, HttpServletResponse response) {
    try {
      profile.changeTimeZone(currentUser.userId(), timeZone.strip());
    } catch (ApiProblem e) {
      if (e.status() != HttpStatus.BAD_REQUEST) {
        throw e;
      }
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return account(model, timeZone, e.getMessage());
    }
    return "redirect:/account?time-zone-saved";
  }

  private String account(Model model, String timeZone, String timeZoneError) {
    model.addAttribute("me", profile.me(currentUser.userId()));
    model.addAttribute("zones", UtcTimes.ZONES);
    model.addAttribute("timeZone", timeZone);
    model.addAttribute("timeZoneError", timeZoneError);
    return "accounts/account";
  }

  @GetMapping("/account/password")
  String passwordPage(Model model) {
    model.addAttribute("form", new PasswordForm(null, null, null));
    return "accounts/password";
  }

  @PostMapping("/account/password")
  String changePassword(
      @RequestParam(defaultValue = "") String currentPassword,
      @RequestParam(defaultValue = "") String newPassword,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (currentPassword.isEmpty() || newPassword.isEmpty()) {
      return passwordRefused(
          new PasswordForm(
              currentPassword.isEmpty() ? "Enter your current password." : null,
              newPassword.isEmpty() ? "Enter a new password." : null,
              null),
          HttpStatus.BAD_REQUEST,
          response,
          model);
    }
    TokenResponse fresh;
    try {
      fresh =
          profile.changePassword(
              currentUser.userId(),
              currentUser.secondFactor(),
              currentPassword,
              newPassword,
              ClientInfo.of(request));
    } catch (ApiProblem problem) {
      PasswordForm form =
          switch (PageProblems.slug(problem)) {
            case "wrong-current-password" ->
                new PasswordForm("The current password is not correct.", null, null);
            case "rate-limited" -> new PasswordForm(null, null, PageProblems.text(problem));
            default -> new PasswordForm(null, PageProblems.text(problem), null);
          };
      return passwordRefused(form, problem.status(), response, model);
    }
    // Every session ended, this one too; this browser continues in the fresh one.
    String secret = WebSessionCookie.newSecret();
    sessions.makeWebSession(
        fresh,
        WebSessionCookie.hash(secret),
        settings.idleTimeout(),
        settings.absoluteTimeout(),
        false);
    WebSessionCookie.write(response, secret, settings.absoluteTimeout());
    return "redirect:/account?password-changed";
  }

  private static String passwordRefused(
      PasswordForm form, HttpStatus status, HttpServletResponse response, Model model) {
    response.setStatus(status.value());
    model.addAttribute("form", form);
    return "accounts/password";
  }

  @GetMapping("/account/sessions")
  String sessionsPage(@RequestParam(required = false) String cursor, Model model) {
    UUID current = currentUser.sessionId();
    var page = profile.sessions(currentUser.userId(), PageRequest.of("sessions", null, cursor));
    List<SessionRow> rows =
        page.items().stream()
            .map(
                s ->
                    new SessionRow(
                        s.id(),
                        times.in(WHEN).format(s.createdAt()),
                        times.in(WHEN).format(s.lastUsedAt()),
                        s.userAgent(),
                        s.ipAddress(),
                        s.mfa(),
                        s.id().equals(current)))
            .toList();
    model.addAttribute("sessions", rows);
    model.addAttribute("next", page.next());
    return "accounts/sessions";
  }

  /** Ends one session; another account's, or an ended one, is the generic 404 page. */
  @PostMapping("/account/sessions/{id}/end")
  String endSession(@PathVariable UUID id, HttpServletResponse response) {
    profile.revokeSession(currentUser.userId(), id);
    if (id.equals(currentUser.sessionId())) {
      WebSessionCookie.clear(response);
      return "redirect:/";
    }
    return "redirect:/account/sessions";
  }

  /** Signs out everywhere, this browser included. */
  @PostMapping("/account/sessions/end-all")
  String endAllSessions(HttpServletResponse response) {
    profile.revokeAllSessions(currentUser.userId());
    WebSessionCookie.clear(response);
    return "redirect:/";
  }

  @GetMapping("/account/second-factor")
  String secondFactorPage(Model model) {
    model.addAttribute("me", profile.me(currentUser.userId()));
    return "accounts/second-factor-settings";
  }

  /** A new secret, shown once as a QR code and as text, to confirm with a code. */
  @PostMapping("/account/second-factor/start")
  String startSecondFactor(Model model) {
    Profile.TotpEnrolment enrolment = profile.startTotp(currentUser.userId());
    model.addAttribute(
        "enrolment",
        new Enrolment(
            QrCodes.svgDataUri(enrolment.otpauthUri()),
            enrolment.secret(),
            enrolment.otpauthUri(),
            null));
    return "accounts/second-factor-setup";
  }

  @PostMapping("/account/second-factor/confirm")
  String confirmSecondFactor(
      @RequestParam(defaultValue = "") String code,
      @RequestParam(defaultValue = "") String secret,
      @RequestParam(defaultValue = "") String uri,
      HttpServletResponse response,
      Model model) {
    List<String> codes;
    try {
      codes = profile.confirmTotp(currentUser.userId(), code.strip());
    } catch (ApiProblem problem) {
      if (problem.status() == HttpStatus.CONFLICT || !uri.startsWith("otpauth://totp/")) {
        throw problem;
      }
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute(
          "enrolment",
          new Enrolment(
              QrCodes.svgDataUri(uri),
              secret,
              uri,
              "That code did not work. Enter the code your app shows now."));
      return "accounts/second-factor-setup";
    }
    // Shown once, never again: the page is not stored (no-store) and cannot be reloaded.
    model.addAttribute("recoveryCodes", codes);
    return "accounts/recovery-codes";
  }

  @PostMapping("/account/second-factor/disable")
  String disableSecondFactor(
      @RequestParam(defaultValue = "") String code, HttpServletResponse response, Model model) {
    try {
      profile.disableTotp(currentUser.userId(), code.strip());
    } catch (ApiProblem problem) {
      if (problem.status() == HttpStatus.CONFLICT) {
        throw problem;
      }
      response.setStatus(problem.status().value());
      model.addAttribute("me", profile.me(currentUser.userId()));
      model.addAttribute("codeError", PageProblems.text(problem));
      return "accounts/second-factor-settings";
    }
    return "redirect:/account/second-factor";
  }
}
