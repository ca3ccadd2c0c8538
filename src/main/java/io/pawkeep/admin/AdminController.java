package io.pawkeep.admin;

import io.pawkeep.accounts.AccountSummary;
import io.pawkeep.accounts.Accounts;
import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operator actions; platform administrators with a second factor only. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

  /** The accounts found: none or one, since an email names one account. */
  record Found(List<AccountSummary> items) {}

  private final Accounts accounts;
  private final CurrentUser currentUser;

  AdminController(Accounts accounts, CurrentUser currentUser) {
    this.accounts = accounts;
    this.currentUser = currentUser;
  }

  @Operation(summary = "Deactivate an account (platform admin): its next request is refused")
  @PostMapping("/users/{id}/deactivate")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deactivate(@PathVariable UUID id) {
    accounts.deactivate(currentUser.userId(), id);
  }

  @Operation(summary = "Reactivate an account (platform admin)")
  @PostMapping("/users/{id}/reactivate")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void reactivate(@PathVariable UUID id) {
    accounts.reactivate(currentUser.userId(), id);
  }

  @Operation(
      summary =
          "Find an account by its email, exactly as sign-in compares it (platform admin); an"
              + " unknown email answers an empty list. Audited")
  @GetMapping("/users")
  Found find(@RequestParam String email) {
    return new Found(accounts.findByEmail(currentUser.userId(), email));
  }

  @Operation(
      summary =
          "Mail the account the same password reset link its own \"forgot password\" sends"
              + " (platform admin); the link is never shown to the operator. Audited")
  @PostMapping("/users/{id}/password-reset")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void startPasswordReset(@PathVariable UUID id) {
    accounts.startPasswordReset(currentUser.userId(), id);
  }
}
