package io.pawkeep.visits;

import io.pawkeep.documents.DocumentView;
import io.pawkeep.documents.Documents;
import io.pawkeep.documents.Upload;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The visit app's photo upload on the browser session (DOM-6, FILE-1): the same {@link
 * Documents#uploadVisitPhoto} as {@code POST /api/v1/bookings/{id}/photos}, which reads no cookies,
 * behind the pages' CSRF rule. Only the booking's assignee, inside its window, adds a photo; the
 * upload checks, metadata removal and encryption are the documents module's. The app then syncs the
 * care log's photo item naming the returned id (201; 200 with the photo already stored when the app
 * sends the same item's picture again). Without a live session the 401 problem, with a wrong token
 * the 403 problem, a refusal its problem (400, 403, 404, 413, 415), never a redirect.
 */
@RestController
class VisitPhotos {

  /** What the app keeps of an uploaded photo: its id (the care item's photoRef). */
  record Photo(
      UUID id,
      UUID bookingId,
      String name,
      String contentType,
      long size,
      Integer width,
      Integer height,
      Instant uploadedAt) {

    static Photo of(DocumentView d) {
      return new Photo(
          d.id(),
          d.bookingId(),
          d.name(),
          d.contentType(),
          d.size(),
          d.width(),
          d.height(),
          d.uploadedAt());
    }
  }

  /** The name the visit app gives each picture: its care item's client id. */
  private static final Pattern APP_NAME =
      Pattern.compile(
          "visit-photo-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.jpg");

  private final Documents documents;
  private final CurrentUser currentUser;

  VisitPhotos(Documents documents, CurrentUser currentUser) {
    this.documents = documents;
    this.currentUser = currentUser;
  }

  @PostMapping(
      path = "/visits/" + VisitShell.BOOKING_ID + "/photos",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<Photo> upload(
      @PathVariable UUID bookingId, @RequestPart("file") MultipartFile file) {
    currentUser.userId(); // a session is required (the chain already asked for one)
    Optional<DocumentView> earlier = earlier(bookingId, file.getOriginalFilename());
    if (earlier.isPresent()) {
      return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Photo.of(earlier.get()));
    }
    DocumentView photo;
    try (InputStream content = file.getInputStream()) {
      photo =
          documents.uploadVisitPhoto(
              bookingId, new Upload(file.getContentType(), file.getOriginalFilename(), content));
    } catch (IOException e) {
      throw ApiProblem.badRequest("The file part could not be read.");
    }
    return ResponseEntity.created(URI.create("/api/v1/documents/" + photo.id()))
        .cacheControl(CacheControl.noStore())
        .body(Photo.of(photo));
  }

  /**
   * The caller's photo of this visit already stored under the app's name for this item ({@code
   * visit-photo-<the item's client id>.jpg}): when the answer to an upload was lost, the app's
   * retry gets the photo it sent rather than storing it twice. Only the caller's own upload matches
   * (one they may delete: the uploader inside the window); any refusal is left to the upload
   * itself.
   */
  private Optional<DocumentView> earlier(UUID bookingId, String name) {
    if (name == null || !APP_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    try {
      return documents.ofBooking(bookingId).stream()
          .filter(d -> d.name().equals(name) && d.canDelete())
          .findFirst();
    } catch (ApiProblem refused) {
      return Optional.empty();
    }
  }
}
