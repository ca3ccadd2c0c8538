package io.pawkeep.clinical;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One entry of a pet's clinical record, written and signed by a clinic; households only read it.
 * The clinic's notes are stored encrypted. After {@code locksAt} the entry never changes again;
 * later changes are its addenda, oldest first.
 */
public record ClinicalEntry(
    UUID id,
    String kind,
    String summary,
    String value,
    String notes,
    Instant recordedAt,
    UUID recordedBy,
    UUID businessId,
    Instant signedAt,
    UUID signedBy,
    Instant locksAt,
    Instant amendedAt,
    List<ClinicalAddendum> addenda) {

  public ClinicalEntry {
    addenda = List.copyOf(addenda);
  }

  /** A signed later change to an entry; the entry itself stays as it was. */
  public record ClinicalAddendum(
      UUID id, String summary, String notes, Instant signedAt, UUID signedBy, UUID businessId) {}
}
