package io.pawkeep.businesses;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as its business's settings managers see it: never its secret nor its hash. */
record ApiKeyView(
    UUID id,
    String name,
    List<String> permissions,
    UUID createdBy,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  ApiKeyView {
    permissions = List.copyOf(permissions);
  }
}
