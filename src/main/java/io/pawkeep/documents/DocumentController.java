package io.pawkeep.documents;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Documents and photos: uploads (multipart, the file in part {@code file}), lists, metadata, the
 * bin. Every check lives in {@link Documents}; the uploaded part is held in memory, never in a
 * temporary file (application.yml, {@code spring.servlet.multipart}).
 */
@RestController
class DocumentController {

  /** A document as the API shows it. */
  record DocumentJson(
      UUID id,
      String place,
      String kind,
      String name,
      String contentType,
      long size,
      Integer width,
      Integer height,
      UUID householdId,
      UUID petId,
      UUID bookingId,
      UUID businessId,
      boolean clinical,
      String uploadedBy,
      String businessName,
      Instant uploadedAt,
      Instant deletedAt,
      boolean canDelete,
      String thumbnailUrl,
      String downloadUrl,
      Instant linksExpireAt) {

    static DocumentJson of(DocumentView d, DownloadLinks links, UUID caller) {
      DownloadLinks.Link file = links.issue(d.id(), Variant.FILE, caller);
      String thumbnail =
          d.hasThumbnail() ? links.issue(d.id(), Variant.THUMBNAIL, caller).url() : null;
      return new DocumentJson(
          d.id(),
          d.place().text(),
          d.kind() == null ? null : d.kind().text(),
          d.name(),
          d.contentType(),
          d.size(),
          d.width(),
          d.height(),
          d.householdId(),
          d.petId(),
          d.bookingId(),
          d.businessId(),
          d.clinical(),
          d.uploadedByName(),
          d.businessName(),
          d.uploadedAt(),
          d.deletedAt(),
          d.canDelete(),
          thumbnail,
          file.url(),
          file.expiresAt());
    }
  }

  private final Documents documents;
  private final DownloadLinks links;
  private final CurrentUser currentUser;

  DocumentController(Documents documents, DownloadLinks links, CurrentUser currentUser) {
    this.documents = documents;
    this.links = links;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Add a document to a pet (household owners and members; staff with medical.write of a"
              + " client clinic, read-only for the household); kind: vaccination, lab_result,"
              + " imaging or other")
  @PostMapping(
      path = "/api/v1/pets/{petId}/documents",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<DocumentJson> uploadToPet(
      @PathVariable UUID petId,
      @RequestPart("file") MultipartFile file,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) UUID businessId) {
    Kind parsed =
        Kind.parse(kind)
            .orElseThrow(
                () ->
                    ApiProblem.badRequest(
                        "kind must be one of vaccination, lab_result, imaging, other."));
    return created(documents.uploadToPet(petId, parsed, businessId, upload(file)));
  }

  @Operation(summary = "A pet's documents, newest first (not its photos, not the bin)")
  @GetMapping("/api/v1/pets/{petId}/documents")
  Page<DocumentJson> ofPet(
      @PathVariable UUID petId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return page(limit, cursor, page -> documents.ofPet(petId, page));
  }

  @Operation(summary = "A new profile photo of the pet (household owners and members)")
  @PostMapping(path = "/api/v1/pets/{petId}/photo", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<DocumentJson> uploadPetPhoto(
      @PathVariable UUID petId, @RequestPart("file") MultipartFile file) {
    return created(documents.uploadPetPhoto(petId, upload(file)));
  }

  @Operation(summary = "The pet's profile photos, newest first: the first is its photo")
  @GetMapping("/api/v1/pets/{petId}/photos")
  Page<DocumentJson> photosOfPet(
      @PathVariable UUID petId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return page(limit, cursor, page -> documents.photosOfPet(petId, page));
  }

  @Operation(summary = "Add a household document (household owners)")
  @PostMapping(
      path = "/api/v1/households/{householdId}/documents",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<DocumentJson> uploadToHousehold(
      @PathVariable UUID householdId, @RequestPart("file") MultipartFile file) {
    return created(documents.uploadToHousehold(householdId, upload(file)));
  }

  @Operation(summary = "The household's documents, newest first (owners and members)")
  @GetMapping("/api/v1/households/{householdId}/documents")
  Page<DocumentJson> ofHousehold(
      @PathVariable UUID householdId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return page(limit, cursor, page -> documents.ofHousehold(householdId, page));
  }

  @Operation(summary = "What the household's bin holds that the caller may restore")
  @GetMapping("/api/v1/households/{householdId}/documents/bin")
  Page<DocumentJson> householdBin(@PathVariable UUID householdId) {
    return page(documents.bin(householdId));
  }

  @Operation(summary = "Add a business document (staff with settings.manage)")
  @PostMapping(
      path = "/api/v1/businesses/{businessId}/documents",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<DocumentJson> uploadToBusiness(
      @PathVariable UUID businessId, @RequestPart("file") MultipartFile file) {
    return created(documents.uploadToBusiness(businessId, upload(file)));
  }

  @Operation(summary = "The business's documents, newest first (staff with settings.manage)")
  @GetMapping("/api/v1/businesses/{businessId}/documents")
  Page<DocumentJson> ofBusiness(
      @PathVariable UUID businessId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return page(limit, cursor, page -> documents.ofBusiness(businessId, page));
  }

  @Operation(summary = "What the business's bin holds (staff with settings.manage)")
  @GetMapping("/api/v1/businesses/{businessId}/documents/bin")
  Page<DocumentJson> businessBin(@PathVariable UUID businessId) {
    return page(documents.bin(businessId));
  }

  @Operation(
      summary =
          "Add a photo to a visit (the booking's assignee holding care.log, inside the window)")
  @PostMapping(
      path = "/api/v1/bookings/{bookingId}/photos",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<DocumentJson> uploadVisitPhoto(
      @PathVariable UUID bookingId, @RequestPart("file") MultipartFile file) {
    return created(documents.uploadVisitPhoto(bookingId, upload(file)));
  }

  @Operation(summary = "A visit's photos, newest first")
  @GetMapping("/api/v1/bookings/{bookingId}/photos")
  Page<DocumentJson> ofBooking(
      @PathVariable UUID bookingId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return page(limit, cursor, page -> documents.ofBooking(bookingId, page));
  }

  @Operation(summary = "A document's metadata (not in the bin)")
  @GetMapping("/api/v1/documents/{id}")
  DocumentJson find(@PathVariable UUID id) {
    return documents.find(id).map(this::json).orElseThrow(ApiProblem::notFound);
  }

  @Operation(summary = "Move a document to the bin (restorable for pawkeep.documents.bin-days)")
  @DeleteMapping("/api/v1/documents/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable UUID id) {
    documents.delete(id);
  }

  @Operation(summary = "Take a document out of the bin")
  @PostMapping("/api/v1/documents/{id}/restore")
  DocumentJson restore(@PathVariable UUID id) {
    return json(documents.restore(id));
  }

  private ResponseEntity<DocumentJson> created(DocumentView view) {
    return ResponseEntity.created(URI.create("/api/v1/documents/" + view.id())).body(json(view));
  }

  /** One page of a list of documents, newest first (HARD-8), each with its signed links. */
  private Page<DocumentJson> page(
      Integer limit, String cursor, Function<PageRequest, Page<DocumentView>> list) {
    return list.apply(PageRequest.of("documents", limit, cursor)).map(this::json);
  }

  private Page<DocumentJson> page(List<DocumentView> views) {
    return new Page<>(views.stream().map(this::json).toList(), null);
  }

  /** The document with signed links (FILE-3) for the caller, valid a few minutes. */
  private DocumentJson json(DocumentView view) {
    return DocumentJson.of(view, links, currentUser.userId());
  }

  private static Upload upload(MultipartFile file) {
    try {
      InputStream content = file.getInputStream();
      return new Upload(file.getContentType(), file.getOriginalFilename(), content);
    } catch (IOException e) {
      throw ApiProblem.badRequest("The file part could not be read.");
    }
  }
}
