package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, sign-in and token endpoints; open to anonymous callers. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

  private final Registration registration;
  private final Login login;
  private final Sessions sessions;
  private final PasswordReset reset;

  AuthController(Registration registration, Login login, Sessions sessions, PasswordReset reset) {
    this.registration = registration;
    this.login = login;
    this.sessions = sessions;
    this.reset = reset;
  }

  @Operation(summary = "Register; answers 202 whether or not the email is already registered")
  @PostMapping("/register")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void register(@Valid @RequestBody AuthRequests.Register body, HttpServletRequest request) {
    registration.register(
        body.email(), body.password(), body.displayName(), ClientInfo.of(request));
  }

  @Operation(summary = "Confirm an email address with the token from the mailed link")
  @PostMapping("/verify-email")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void verifyEmail(@Valid @RequestBody AuthRequests.Token body) {
    registration.verify(body.token());
  }

  @Operation(summary = "Sign in; answers tokens, or an mfa_token when a second factor is needed")
  @PostMapping("/login")
  ResponseEntity<Object> login(
      @Valid @RequestBody AuthRequests.Login body, HttpServletRequest request) {
    Login.Result result = login.login(body.email(), body.password(), ClientInfo.of(request));
    if (result.tokens() != null) {
      return noStore(result.tokens());
    }
    return noStore(Map.of("mfa_required", true, "mfa_token", result.mfaToken()));
  }

  @Operation(summary = "Complete a sign-in with a TOTP or recovery code")
  @PostMapping("/login/mfa")
  ResponseEntity<Object> secondFactor(
      @Valid @RequestBody AuthRequests.SecondFactor body, HttpServletRequest request) {
    return noStore(
        login.completeWithSecondFactor(body.mfaToken(), body.code(), ClientInfo.of(request)));
  }

  @Operation(summary = "Exchange a refresh token for new tokens (the old one is spent)")
  @PostMapping("/refresh")
  ResponseEntity<Object> refresh(
      @Valid @RequestBody AuthRequests.Refresh body, HttpServletRequest request) {
    return noStore(sessions.refresh(body.refreshToken(), ClientInfo.of(request)));
  }

  @Operation(summary = "End the session of a refresh token")
  @PostMapping("/logout")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void logout(@Valid @RequestBody AuthRequests.Refresh body) {
    sessions.logout(body.refreshToken());
  }

  @Operation(summary = "Mail a password reset link; answers 202 whether or not the email exists")
  @PostMapping("/password-reset")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void requestReset(
      @Valid @RequestBody AuthRequests.ResetRequest body, HttpServletRequest request) {
    reset.request(body.email(), ClientInfo.of(request));
  }

  @Operation(summary = "Set a new password with the token from the mailed link")
  @PostMapping("/password-reset/confirm")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void confirmReset(@Valid @RequestBody AuthRequests.ResetConfirm body) {
    reset.confirm(body.token(), body.newPassword());
  }

  static ResponseEntity<Object> noStore(Object body) {
    return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
  }
}
