package io.pawkeep.households;

import java.time.Instant;
import java.util.UUID;

/** A household as one of its members sees it, with that member's role. */
public record HouseholdView(UUID id, String name, String role, Instant createdAt) {

  public boolean isOwner() {
    return "owner".equals(role);
  }
}
