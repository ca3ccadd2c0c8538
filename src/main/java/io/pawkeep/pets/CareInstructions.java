package io.pawkeep.pets;

import java.time.Instant;
import java.util.UUID;

/** How to look after a pet: written by owners and members, read by everyone in the household. */
public record CareInstructions(
    String feeding,
    String behaviour,
    String routine,
    String vetContact,
    Instant updatedAt,
    UUID updatedBy) {}
