package io.pawkeep.businesses;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A business as one of its staff sees it, with that member's role and effective permissions. */
public record BusinessView(
    UUID id,
    String kind,
    String name,
    boolean requireSecondFactor,
    String role,
    List<String> permissions,
    Instant createdAt) {

  public BusinessView {
    permissions = List.copyOf(permissions);
  }
}
