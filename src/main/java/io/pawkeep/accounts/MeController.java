package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's own account, second factor and sessions. */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

  record SessionResponse(
      UUID id,
      Instant createdAt,
      Instant lastUsedAt,
      String device,
      String ipAddress,
      boolean secondFactor,
      boolean current) {}

  private final Profile profile;
  private final AccountDeletion deletion;
  private final CurrentUser currentUser;

  MeController(Profile profile, AccountDeletion deletion, CurrentUser currentUser) {
    this.profile = profile;
    this.deletion = deletion;
    this.currentUser = currentUser;
  }

  /** The current password, confirming the account's deletion (PRIV-2). */
  record DeleteAccount(@NotNull @Size(max = 1024) String currentPassword) {}

  @Operation(
      summary =
          "Delete your own account (current password required): signed out everywhere at once,"
              + " erased after eraseAfter unless an operator restores it; 409 while you are the"
              + " only owner of a household or business")
  @DeleteMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, Instant> deleteAccount(
      @Valid @RequestBody DeleteAccount body, HttpServletRequest request) {
    return Map.of(
        "eraseAfter",
        deletion.delete(currentUser.userId(), body.currentPassword(), ClientInfo.of(request)));
  }

  @Operation(summary = "The signed-in account")
  @GetMapping
  Profile.Me me() {
    return profile.me(currentUser.userId());
  }

  @Operation(summary = "Change the password (current one required); signs out other devices")
  @PostMapping("/password")
  ResponseEntity<Object> changePassword(
      @Valid @RequestBody AuthRequests.ChangePassword body, HttpServletRequest request) {
    return AuthController.noStore(
        profile.changePassword(
            currentUser.userId(),
            currentUser.secondFactor(),
            body.currentPassword(),
            body.newPassword(),
            ClientInfo.of(request)));
  }

  @Operation(summary = "Start TOTP enrolment: a new secret and its otpauth URI")
  @PostMapping("/totp")
  ResponseEntity<Object> startTotp() {
    return AuthController.noStore(profile.startTotp(currentUser.userId()));
  }

  @Operation(summary = "Confirm TOTP enrolment with a code; answers single-use recovery codes")
  @PostMapping("/totp/confirm")
  ResponseEntity<Object> confirmTotp(@Valid @RequestBody AuthRequests.Code body) {
    return AuthController.noStore(
        Map.of("recoveryCodes", profile.confirmTotp(currentUser.userId(), body.code())));
  }

  @Operation(summary = "Disable TOTP; needs a current TOTP or recovery code")
  @DeleteMapping("/totp")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void disableTotp(@Valid @RequestBody AuthRequests.Code body) {
    profile.disableTotp(currentUser.userId(), body.code());
  }

  @Operation(summary = "Active sessions of the account, newest first")
  @GetMapping("/sessions")
  Page<SessionResponse> sessions(
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    UUID current = currentUser.sessionId();
    return profile
        .sessions(currentUser.userId(), PageRequest.of("sessions", limit, cursor))
        .map(
            s ->
                new SessionResponse(
                    s.id(),
                    s.createdAt(),
                    s.lastUsedAt(),
                    s.userAgent(),
                    s.ipAddress(),
                    s.mfa(),
                    s.id().equals(current)));
  }

  @Operation(summary = "Revoke one session")
  @DeleteMapping("/sessions/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revokeSession(@PathVariable UUID id) {
    profile.revokeSession(currentUser.userId(), id);
  }

  @Operation(summary = "Sign out everywhere, this device included")
  @DeleteMapping("/sessions")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revokeAllSessions() {
    profile.revokeAllSessions(currentUser.userId());
  }
}
