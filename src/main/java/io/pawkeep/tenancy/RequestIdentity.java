package io.pawkeep.tenancy;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Who is calling: the account, its session and when its access token was issued. */
public record RequestIdentity(UUID userId, UUID sessionId, Instant issuedAt) {
  public RequestIdentity {
    Objects.requireNonNull(userId, "userId cannot be null");
    Objects.requireNonNull(sessionId, "sessionId cannot be null");
    Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
  }
}
