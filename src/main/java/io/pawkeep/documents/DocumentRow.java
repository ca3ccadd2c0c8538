package io.pawkeep.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One document as a page lists it: what the person reads (name, kind, size, who uploaded it and
 * when, which clinic it comes from) and what they may do (open it, see its thumbnail, move it to
 * the bin). Built from the service's {@link DocumentView}, so the page decides nothing itself.
 */
record DocumentRow(
    UUID id,
    String name,
    String kind,
    String size,
    String uploadedBy,
    Instant uploadedAt,
    boolean clinical,
    String from,
    boolean image,
    boolean hasThumbnail,
    boolean canDelete,
    String where,
    Instant deletedAt,
    Instant purgedAfter) {

  static DocumentRow of(DocumentView d, String from, String where, Duration binFor) {
    return new DocumentRow(
        d.id(),
        d.name(),
        kindLabel(d),
        UploadMessages.size(d.size()),
        d.uploadedByName() == null ? "someone no longer here" : d.uploadedByName(),
        d.uploadedAt(),
        d.clinical(),
        from,
        d.contentType() != null && d.contentType().startsWith("image/"),
        d.hasThumbnail(),
        d.canDelete(),
        where,
        d.deletedAt(),
        d.deletedAt() == null ? null : d.deletedAt().plus(binFor));
  }

  /** The kind as the upload form names it; a photo or a file without a kind says what it is. */
  static String kindLabel(DocumentView d) {
    if (d.place() == Place.PET_PHOTO) {
      return "Profile photo";
    }
    if (d.place() == Place.VISIT) {
      return "Visit photo";
    }
    return d.kind() == null ? "Document" : label(d.kind());
  }

  static String label(Kind kind) {
    return switch (kind) {
      case VACCINATION -> "Vaccination certificate";
      case LAB_RESULT -> "Lab result";
      case IMAGING -> "Imaging";
      case OTHER -> "Other";
    };
  }
}
