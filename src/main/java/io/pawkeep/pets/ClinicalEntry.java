package io.pawkeep.pets;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a pet's clinical record, written by a clinic; households only read it. The clinic's
 * notes are stored encrypted.
 */
public record ClinicalEntry(
    UUID id,
    String kind,
    String summary,
    String value,
    String notes,
    Instant recordedAt,
    UUID recordedBy,
    UUID businessId) {}
