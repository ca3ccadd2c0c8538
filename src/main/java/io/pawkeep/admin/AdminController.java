package io.pawkeep.admin;

import io.pawkeep.accounts.Accounts;
import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operator actions; platform administrators with a second factor only. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

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
}
