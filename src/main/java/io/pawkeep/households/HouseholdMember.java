package io.pawkeep.households;

import java.time.Instant;
import java.util.UUID;

/** A person in a household, with their role and (for sitters) their sitting window. */
public record HouseholdMember(
    UUID userId,
    String displayName,
    String email,
    String role,
    Instant joinedAt,
    Instant sittingFrom,
    Instant sittingUntil) {}
