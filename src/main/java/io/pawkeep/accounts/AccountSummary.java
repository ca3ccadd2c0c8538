package io.pawkeep.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * An account as an operator finds it (AUTHZ-7): who it is and its state, never a credential.
 *
 * @param status {@code active} or {@code deactivated}
 * @param lastSignInAt when its latest session was opened by signing in, or {@code null} if none is
 *     recorded
 */
public record AccountSummary(
    UUID id,
    String email,
    String displayName,
    String status,
    boolean emailVerified,
    boolean secondFactor,
    Instant createdAt,
    Instant lastSignInAt) {

  public boolean deactivated() {
    return "deactivated".equals(status);
  }
}
