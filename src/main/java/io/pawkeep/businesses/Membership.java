package io.pawkeep.businesses;

import io.pawkeep.web.ApiProblem;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * The caller's standing in one business for the current request, read from the membership tables
 * (never from the token), so a change holds from the very next request.
 *
 * @param secondFactorMissing the business requires a second factor of this role and the session was
 *     not opened with one
 */
record Membership(String role, boolean secondFactorMissing, Set<String> permissions) {

  Membership {
    permissions = Set.copyOf(permissions);
  }

  boolean isOwner() {
    return "owner".equals(role);
  }

  boolean holds(String permission) {
    return permissions.contains(permission);
  }

  /** Fails with 403 unless the caller holds {@code permission}. */
  Membership require(String permission) {
    if (!holds(permission)) {
      throw ApiProblem.forbidden("Your role in this business does not allow this.");
    }
    return this;
  }

  Membership requireOwner() {
    if (!isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this business may do this.");
    }
    return this;
  }

  static ApiProblem secondFactorRequired() {
    return new ApiProblem(
        HttpStatus.FORBIDDEN,
        "second-factor-required",
        "Second factor required",
        "This business requires its owners and managers to sign in with a second factor. Enrol"
            + " one at /api/v1/me/totp, then sign in again with it.");
  }
}
