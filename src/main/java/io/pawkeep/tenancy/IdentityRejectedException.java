package io.pawkeep.tenancy;

/**
 * The database refused the request's identity: the account is deactivated, the session revoked or
 * expired, or the token was issued before the account's sessions were invalidated.
 */
public final class IdentityRejectedException extends RuntimeException {
  IdentityRejectedException() {
    super("request identity rejected");
  }
}
