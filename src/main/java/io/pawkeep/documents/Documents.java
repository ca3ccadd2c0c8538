package io.pawkeep.documents;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.documents.DocumentRepository.BookingRights;
import io.pawkeep.documents.DocumentRepository.HouseholdRights;
import io.pawkeep.documents.DocumentRepository.NewDocument;
import io.pawkeep.documents.DocumentRepository.PetRights;
import io.pawkeep.documents.DocumentRepository.Row;
import io.pawkeep.documents.UploadCheckResult.Accepted;
import io.pawkeep.documents.UploadCheckResult.Refused;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Documents and photos as the current person may see and change them (FILE-1, FILE-2, FILE-3,
 * AUTHZ-5, AUTHZ-6). An upload is checked (type from the content, size, pixels, location removed)
 * before anything is written; then, in the caller's transaction, the tenant's quota is taken under
 * a lock, the bytes are encrypted with the tenant's key into the object store and the metadata row
 * is inserted under row-level security. If that transaction does not commit, the stored object is
 * removed again: a refused or failed upload leaves nothing in storage.
 *
 * <p>A pet, household, booking or business the caller cannot see answers 404 like a missing one;
 * seeing it without the right answers 403. Delete moves a file to the bin, restorable for {@code
 * pawkeep.documents.bin-days}; {@link DocumentPurge} then removes it with its bytes.
 */
@Service
@Transactional
public class Documents implements DocumentDownloads {

  private static final Logger log = LoggerFactory.getLogger(Documents.class);

  /** Where an upload goes, the tenant whose key seals it, and whose audit chains record it. */
  private record Target(
      Place place,
      Kind kind,
      UUID householdId,
      UUID petId,
      UUID bookingId,
      UUID businessId,
      UUID tenant) {}

  private final DocumentRepository documents;
  private final UploadCheck check;
  private final StoredObjects objects;
  private final AuditTrail trail;
  private final CurrentUser currentUser;
  private final DocumentProperties properties;
  private final Clock clock;
  private final DownloadLinks links;

  Documents(
      DocumentRepository documents,
      UploadCheck check,
      StoredObjects objects,
      AuditTrail trail,
      CurrentUser currentUser,
      DocumentProperties properties,
      Clock clock,
      DownloadLinks links) {
    this.documents = documents;
    this.check = check;
    this.objects = objects;
    this.trail = trail;
    this.currentUser = currentUser;
    this.properties = properties;
    this.clock = clock;
    this.links = links;
  }

  /**
   * A document on a pet: by its household's owners and members, or by staff holding medical.write
   * of a clinic the household is an active client of (a clinical document, read-only for the
   * household).
   */
  public DocumentView uploadToPet(UUID petId, Kind kind, Upload upload) {
    return uploadToPet(petId, kind, null, upload);
  }

  /** As {@link #uploadToPet(UUID, Kind, Upload)}, for the clinic {@code clinicId} when not null. */
  public DocumentView uploadToPet(UUID petId, Kind kind, UUID clinicId, Upload upload) {
    PetRights rights = documents.petRights(petId).orElseThrow(ApiProblem::notFound);
    if (kind == null) {
      throw ApiProblem.badRequest("kind must be one of vaccination, lab_result, imaging, other.");
    }
    UUID clinic = null;
    if (clinicId != null || !rights.writer()) {
      if (rights.clinics().isEmpty()
          || (clinicId != null && !rights.clinics().contains(clinicId))) {
        throw ApiProblem.forbidden(
            "Only the household's owners and members, or staff with medical.write of a clinic"
                + " the household is a client of, add documents to this pet.");
      }
      if (clinicId == null && rights.clinics().size() > 1) {
        throw ApiProblem.badRequest("businessId is required: you write for several clinics.");
      }
      clinic = clinicId != null ? clinicId : rights.clinics().getFirst();
    }
    return store(
        new Target(
            Place.PET, kind, rights.householdId(), petId, null, clinic, rights.householdId()),
        upload);
  }

  /** A new profile photo of the pet (the latest one not in the bin is the pet's photo). */
  public DocumentView uploadPetPhoto(UUID petId, Upload upload) {
    PetRights rights = documents.petRights(petId).orElseThrow(ApiProblem::notFound);
    if (!rights.writer()) {
      throw ApiProblem.forbidden("Only the household's owners and members change its pets.");
    }
    return store(
        new Target(
            Place.PET_PHOTO, null, rights.householdId(), petId, null, null, rights.householdId()),
        upload);
  }

  /** A household document, by its owners. */
  public DocumentView uploadToHousehold(UUID householdId, Upload upload) {
    HouseholdRights rights =
        documents.householdRights(householdId).orElseThrow(ApiProblem::notFound);
    if (!rights.owner()) {
      throw ApiProblem.forbidden("Only the household's owners add household documents.");
    }
    return store(
        new Target(Place.HOUSEHOLD, null, householdId, null, null, null, householdId), upload);
  }

  /** A photo of a visit, by the booking's assignee inside the assignment window (AUTHZ-5). */
  public DocumentView uploadVisitPhoto(UUID bookingId, Upload upload) {
    BookingRights rights = documents.bookingRights(bookingId).orElseThrow(ApiProblem::notFound);
    if (!rights.assigneeInWindow()) {
      throw ApiProblem.forbidden(
          "Only the booking's assignee adds photos, and only inside the booking's window.");
    }
    return store(
        new Target(
            Place.VISIT,
            null,
            rights.householdId(),
            null,
            bookingId,
            rights.businessId(),
            rights.householdId()),
        upload);
  }

  /** A business's own document, by its staff holding settings.manage. */
  public DocumentView uploadToBusiness(UUID businessId, Upload upload) {
    requireBusinessManager(businessId);
    return store(
        new Target(Place.BUSINESS, null, null, null, null, businessId, businessId), upload);
  }

  /** The pet's documents (not its photos), newest first, less the bin. */
  @Transactional(readOnly = true)
  public List<DocumentView> ofPet(UUID petId) {
    requirePetReader(petId);
    return views(documents.listed(Place.PET, petId));
  }

  /** One page of {@link #ofPet(UUID)} (HARD-8). */
  @Transactional(readOnly = true)
  public Page<DocumentView> ofPet(UUID petId, PageRequest page) {
    requirePetReader(petId);
    return page(documents.listed(Place.PET, petId, page), page);
  }

  /** Every profile photo of the pet, newest first (the first is its photo), less the bin. */
  @Transactional(readOnly = true)
  public List<DocumentView> photosOfPet(UUID petId) {
    documents.petRights(petId).orElseThrow(ApiProblem::notFound);
    return views(documents.listed(Place.PET_PHOTO, petId));
  }

  /** One page of {@link #photosOfPet(UUID)}. */
  @Transactional(readOnly = true)
  public Page<DocumentView> photosOfPet(UUID petId, PageRequest page) {
    documents.petRights(petId).orElseThrow(ApiProblem::notFound);
    return page(documents.listed(Place.PET_PHOTO, petId, page), page);
  }

  private void requirePetReader(UUID petId) {
    PetRights rights = documents.petRights(petId).orElseThrow(ApiProblem::notFound);
    if (!rights.writer() && !rights.clinicReader()) {
      throw ApiProblem.forbidden(
          "Only the household's owners and members, and clinics with medical.read, read this"
              + " pet's documents.");
    }
  }

  /** The pet's profile photo: its latest photo not in the bin, for whoever may see the pet. */
  @Transactional(readOnly = true)
  public Optional<DocumentView> petPhoto(UUID petId) {
    return documents.petPhoto(petId).map(Row::view);
  }

  @Transactional(readOnly = true)
  public List<DocumentView> ofHousehold(UUID householdId) {
    requireHouseholdReader(householdId);
    return views(documents.listed(Place.HOUSEHOLD, householdId));
  }

  /** One page of {@link #ofHousehold(UUID)}. */
  @Transactional(readOnly = true)
  public Page<DocumentView> ofHousehold(UUID householdId, PageRequest page) {
    requireHouseholdReader(householdId);
    return page(documents.listed(Place.HOUSEHOLD, householdId, page), page);
  }

  private void requireHouseholdReader(UUID householdId) {
    HouseholdRights rights =
        documents.householdRights(householdId).orElseThrow(ApiProblem::notFound);
    if (!rights.reader()) {
      throw ApiProblem.forbidden("Only the household's owners and members read its documents.");
    }
  }

  /** The photos of a visit, newest first, less the bin. */
  @Transactional(readOnly = true)
  public List<DocumentView> ofBooking(UUID bookingId) {
    requireVisitReader(bookingId);
    return views(documents.listed(Place.VISIT, bookingId));
  }

  /** One page of {@link #ofBooking(UUID)}. */
  @Transactional(readOnly = true)
  public Page<DocumentView> ofBooking(UUID bookingId, PageRequest page) {
    requireVisitReader(bookingId);
    return page(documents.listed(Place.VISIT, bookingId, page), page);
  }

  private void requireVisitReader(UUID bookingId) {
    BookingRights rights = documents.bookingRights(bookingId).orElseThrow(ApiProblem::notFound);
    if (!rights.householdReader() && !rights.assigneeInWindow() && !rights.scheduler()) {
      throw ApiProblem.forbidden(
          "Only the household, the business's schedulers and the assignee inside the booking's"
              + " window see its photos.");
    }
  }

  @Transactional(readOnly = true)
  public List<DocumentView> ofBusiness(UUID businessId) {
    requireBusinessManager(businessId);
    return views(documents.listed(Place.BUSINESS, businessId));
  }

  /** One page of {@link #ofBusiness(UUID)}. */
  @Transactional(readOnly = true)
  public Page<DocumentView> ofBusiness(UUID businessId, PageRequest page) {
    requireBusinessManager(businessId);
    return page(documents.listed(Place.BUSINESS, businessId, page), page);
  }

  private void requireBusinessManager(UUID businessId) {
    if (!documents.businessRights(businessId).orElseThrow(ApiProblem::notFound)) {
      throw ApiProblem.forbidden("Only staff with settings.manage keep the business's documents.");
    }
  }

  /** The document, when the caller may see it and it is not in the bin. */
  @Transactional(readOnly = true)
  public Optional<DocumentView> find(UUID id) {
    return notBinned(id).map(Row::view);
  }

  /** The bin of a household or a business: the files in it the caller may restore, newest first. */
  @Transactional(readOnly = true)
  public List<DocumentView> bin(UUID householdOrBusinessId) {
    Optional<HouseholdRights> household = documents.householdRights(householdOrBusinessId);
    boolean allowed =
        household.isPresent()
            ? household.get().reader()
            : documents.businessRights(householdOrBusinessId).orElseThrow(ApiProblem::notFound);
    if (!allowed) {
      throw ApiProblem.forbidden("Only those who may delete its files see the bin.");
    }
    return views(documents.bin(householdOrBusinessId, clock.instant().minus(properties.bin())));
  }

  /** Moves the document to the bin. */
  public void delete(UUID id) {
    Row row = notBinned(id).orElseThrow(ApiProblem::notFound);
    if (!row.canDelete() || !documents.setBinned(id, now(), currentUser.userId())) {
      throw cannotDelete(row);
    }
    audit(row, "document.binned");
    log.info("User {} moved document {} to the bin", currentUser.userId(), id);
  }

  /** Takes the document out of the bin, within {@code pawkeep.documents.bin-days}. */
  public DocumentView restore(UUID id) {
    Row row = documents.row(id).orElseThrow(ApiProblem::notFound);
    if (row.deletedAt() != null && !row.deletedAt().isAfter(now().minus(properties.bin()))) {
      throw ApiProblem.notFound();
    }
    if (!row.canDelete()) {
      throw cannotDelete(row);
    }
    if (row.deletedAt() == null) {
      throw ApiProblem.conflict("This file is not in the bin.");
    }
    if (!documents.setBinned(id, null, null)) {
      throw cannotDelete(row);
    }
    audit(row, "document.restored");
    return documents.row(id).map(Row::view).orElseThrow(ApiProblem::notFound);
  }

  /**
   * One stored object of a document the caller may read, not in the bin, for the download route;
   * empty answers like a missing file. Opening a clinical document is recorded in the household's
   * audit trail, like a read of clinical entries.
   */
  @Override
  public Optional<Download> forDownload(UUID id, Variant variant) {
    Optional<Row> found = notBinned(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Row row = found.get();
    if (variant == Variant.THUMBNAIL) {
      if (row.thumbnailId() == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Download(
              id,
              variant,
              new StoredObject(
                  row.tenantId(), row.thumbnailId(), row.thumbnailSize(), row.thumbnailKey()),
              THUMBNAIL_TYPE,
              thumbnailName(row.name()),
              row.thumbnailSize()));
    }
    if (row.clinical() && row.householdId() != null) {
      trail.record(
          new AuditEvent(
              row.householdId(),
              currentUser.userId(),
              "document.read",
              "document",
              id.toString(),
              null,
              Map.of("place", row.place().text())));
    }
    return Optional.of(
        new Download(
            id,
            variant,
            new StoredObject(row.tenantId(), id, row.size(), row.fileKey()),
            row.contentType(),
            row.name(),
            row.size()));
  }

  /**
   * A fresh signed link to the document's file or thumbnail for the current person (FILE-3), for
   * pages that redirect to it; 404 when the caller cannot see it, it is in the bin or has no such
   * variant.
   */
  @Transactional(readOnly = true)
  DownloadLinks.Link link(UUID id, Variant variant) {
    DocumentView view = find(id).orElseThrow(ApiProblem::notFound);
    if (variant == Variant.THUMBNAIL && !view.hasThumbnail()) {
      throw ApiProblem.notFound();
    }
    return links.issue(id, variant, currentUser.userId());
  }

  /** The type thumbnails are stored as. */
  static final String THUMBNAIL_TYPE = "image/jpeg";

  /** A thumbnail is a JPEG whatever its file was: "Rex.heic" downloads as "Rex thumbnail.jpg". */
  static String thumbnailName(String name) {
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name) + " thumbnail.jpg";
  }

  private DocumentView store(Target target, Upload upload) {
    UploadCheckResult result;
    try {
      result = check.check(upload.declaredType(), upload.originalName(), upload.content());
    } catch (IOException e) {
      throw ApiProblem.badRequest("The file could not be read to its end.");
    }
    if (result instanceof Refused refused) {
      throw refusal(refused);
    }
    Accepted file = (Accepted) result;
    // Made before the quota's lock is taken: decoding is the slow part of an upload.
    byte[] thumbnail = Thumbnails.of(file.type(), file.content()).orElse(null);
    long size = file.content().length + (thumbnail == null ? 0 : thumbnail.length);
    long quota =
        (target.place() == Place.BUSINESS
                ? properties.quota().business()
                : properties.quota().household())
            .toBytes();
    long used =
        documents
            .usage(target.tenant())
            .orElseThrow(() -> ApiProblem.forbidden("You may not add files here."));
    if (used + size > quota) {
      throw new ApiProblem(
          HttpStatus.CONTENT_TOO_LARGE,
          "quota-reached",
          "Storage quota reached",
          "The storage quota is reached: empty the bin or delete files to make room.");
    }
    StoredObject stored = put(target.tenant(), file.content());
    StoredObject thumb = thumbnail == null ? null : put(target.tenant(), thumbnail);
    UUID caller = currentUser.userId();
    try {
      documents.insert(
          new NewDocument(
              stored.id(),
              target.tenant(),
              target.place(),
              target.kind(),
              target.householdId(),
              target.petId(),
              target.bookingId(),
              target.businessId(),
              file.displayName(),
              file.type(),
              file.content().length,
              file.width() > 0 ? file.width() : null,
              file.height() > 0 ? file.height() : null,
              stored.sealedKey(),
              thumb == null ? null : thumb.id(),
              thumb == null ? null : thumb.sealedKey(),
              thumb == null ? null : thumb.size(),
              caller,
              now()));
    } catch (DataAccessException e) {
      // Row-level security refused what the checks above allowed (a right lost in between).
      log.warn("Document insert for {} refused by the database", target.place().text());
      throw ApiProblem.forbidden("You may not add files here.");
    }
    Row row =
        documents
            .row(stored.id())
            .orElseThrow(() -> new IllegalStateException("an uploaded document is not visible"));
    audit(row, "document.uploaded");
    log.info(
        "User {} uploaded document {} ({}, {} bytes)",
        caller,
        stored.id(),
        target.place().text(),
        size);
    return row.view();
  }

  /** Encrypts and stores the bytes; removes them again unless the caller's transaction commits. */
  private StoredObject put(UUID tenant, byte[] content) {
    StoredObject stored;
    try {
      stored = objects.put(tenant, new ByteArrayInputStream(content), content.length);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the file could not be stored", e);
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            if (status != STATUS_COMMITTED) {
              removeQuietly(stored);
            }
          }
        });
    return stored;
  }

  private void removeQuietly(StoredObject stored) {
    try {
      objects.delete(stored);
    } catch (IOException | RuntimeException e) {
      log.error("Object {} of an upload that did not commit could not be removed", stored.id());
    }
  }

  private void audit(Row row, String action) {
    UUID actor = currentUser.userId();
    Map<String, Object> detail = Map.of("place", row.place().text());
    trail.record(
        new AuditEvent(
            row.tenantId(), actor, action, "document", row.id().toString(), null, detail));
    if (row.clinical() && row.businessId() != null && !row.businessId().equals(row.tenantId())) {
      trail.record(
          new AuditEvent(
              row.businessId(), actor, action, "document", row.id().toString(), null, detail));
    }
  }

  private static ApiProblem refusal(Refused refused) {
    return switch (refused.status()) {
      case 413 ->
          new ApiProblem(
              HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "File too large", refused.reason());
      case 415 ->
          new ApiProblem(
              HttpStatus.UNSUPPORTED_MEDIA_TYPE,
              "unsupported-file",
              "Unsupported file",
              refused.reason());
      default ->
          new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-file", "Invalid file", refused.reason());
    };
  }

  private static ApiProblem cannotDelete(Row row) {
    return ApiProblem.forbidden(
        row.clinical()
            ? "Only staff with medical.write of the clinic that added it delete a clinical file."
            : "You may not delete this file.");
  }

  /** The document as the caller sees it, when it is not in the bin. */
  private Optional<Row> notBinned(UUID id) {
    return documents.row(id).filter(r -> r.deletedAt() == null);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static Page<DocumentView> page(List<Row> rows, PageRequest page) {
    return Page.of(rows, page, r -> Cursor.of(page.list(), r.uploadedAt(), r.id())).map(Row::view);
  }

  private static List<DocumentView> views(List<Row> rows) {
    return rows.stream().map(Row::view).toList();
  }
}
