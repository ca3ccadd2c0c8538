package io.pawkeep.pets;

import java.time.Instant;
import java.util.UUID;

/**
 * How to look after a pet: written by owners and members, read by everyone in the household.
 * Medical notes (conditions, what to do in an emergency) are stored encrypted.
 */
public record CareInstructions(
    String feeding,
    String behaviour,
    String routine,
    String vetContact,
    String medicalNotes,
    Instant updatedAt,
    UUID updatedBy) {}
