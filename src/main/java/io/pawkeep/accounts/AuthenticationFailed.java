package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The one answer to every failed sign-in, whatever the reason: unknown email, wrong password,
 * locked or deactivated account, bad code or token. Callers learn nothing from it.
 */
final class AuthenticationFailed extends ApiProblem {
  AuthenticationFailed() {
    super(
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        "Authentication failed or is required.");
  }
}
