package io.pawkeep.documents;

import java.time.Instant;
import java.util.UUID;

/**
 * A document as the caller may see it. {@code clinical} is a pet document a clinic uploaded
 * (read-only for the household, its reads audited); {@code canDelete} whether the caller may move
 * it to the bin (or restore it from there). {@code businessName} names the clinic of a clinical
 * document, the business of a visit photo or business document, as it was named at upload.
 */
public record DocumentView(
    UUID id,
    Place place,
    Kind kind,
    String name,
    String contentType,
    long size,
    Integer width,
    Integer height,
    boolean hasThumbnail,
    UUID householdId,
    UUID petId,
    UUID bookingId,
    UUID businessId,
    boolean clinical,
    String uploadedByName,
    String businessName,
    Instant uploadedAt,
    Instant deletedAt,
    boolean canDelete) {}
