package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiClient.Multipart;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The visit app's photo upload on the browser session (DOM-6, FILE-1, SESS-5): the booking's
 * assignee inside the window uploads, with the pages' CSRF token; the app's care item then names
 * the returned id. Everyone else, and every request without a session or token, is refused with a
 * problem the app understands and nothing is stored.
 */
class VisitPhotoTests extends BookingTestSupport {

  @Test
  void theAssigneeUploadsAPhotoOnTheBrowserSessionAndTheSyncedItemNamesIt() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());

    ApiClient.Response uploaded = app.upload(photos(booking), jpegFile(), app.csrf());
    assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(201);
    assertThat(uploaded.header("Content-Type")).startsWith("application/json");
    assertThat(uploaded.header("Cache-Control")).contains("no-store");
    String photo = uploaded.text("id");
    assertThat(uploaded.json().path("bookingId").asString()).isEqualTo(booking);
    assertThat(uploaded.header("Location")).isEqualTo("/api/v1/documents/" + photo);

    ApiClient.Response synced =
        app.sync(Map.of("items", List.of(item(booking, "photo", Map.of("photoRef", photo)))));
    assertThat(synced.json().path("results").get(0).path("outcome").asString())
        .as(synced.raw())
        .isEqualTo("accepted");
    assertThat(listed(w.family(), booking)).containsExactly(photo);
  }

  @Test
  void theSameItemsPictureSentAgainAnswersThePhotoStoredFirstAndStoresNothingMore() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    Multipart picture = named("visit-photo-" + UUID.randomUUID() + ".jpg");

    ApiClient.Response first = app.upload(photos(booking), picture, app.csrf());
    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    // The answer was lost on the way: the app sends the same item's picture again.
    ApiClient.Response again = app.upload(photos(booking), picture, app.csrf());
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(listed(w.family(), booking)).containsExactly(first.text("id"));

    // Another item's picture, or one named otherwise, is a photo of its own.
    ApiClient.Response other =
        app.upload(photos(booking), named("visit-photo-" + UUID.randomUUID() + ".jpg"), app.csrf());
    ApiClient.Response plain = app.upload(photos(booking), named("garden.jpg"), app.csrf());
    ApiClient.Response plainAgain = app.upload(photos(booking), named("garden.jpg"), app.csrf());
    assertThat(List.of(other.status(), plain.status(), plainAgain.status()))
        .containsExactly(201, 201, 201);
    assertThat(listed(w.family(), booking)).hasSize(4);
  }

  @Test
  void aColleaguesPictureUnderTheSameItemNameIsNeverAnsweredWithTheFirstWalkersPhoto() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    Multipart picture = named("visit-photo-" + UUID.randomUUID() + ".jpg");
    VisitAppSession walker = VisitAppSession.signIn(port, w.walker());
    ApiClient.Response walkers = walker.upload(photos(booking), picture, walker.csrf());
    assertThat(walkers.status()).as(walkers.raw()).isEqualTo(201);
    assertThat(assign(w.manager(), booking, w.otherWalkerId()).status()).isEqualTo(200);

    VisitAppSession colleague = VisitAppSession.signIn(port, w.otherWalker());
    ApiClient.Response colleagues = colleague.upload(photos(booking), picture, colleague.csrf());
    assertThat(colleagues.status()).as(colleagues.raw()).isEqualTo(201);
    assertThat(colleagues.text("id")).isNotEqualTo(walkers.text("id"));
  }

  @Test
  void withoutASessionOrWithoutTheCsrfTokenTheUploadIsAProblemAndNothingIsStored() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));

    ApiClient.Response stranger =
        VisitAppSession.stranger(port).upload(photos(booking), jpegFile(), null);
    assertThat(stranger.status()).as(stranger.raw()).isEqualTo(401);
    assertThat(stranger.header("Content-Type")).startsWith("application/problem+json");

    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    for (String token : new String[] {null, "forged-token"}) {
      ApiClient.Response refused = app.upload(photos(booking), jpegFile(), token);
      assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.header("Location")).isNull();
    }
    assertThat(listed(w.family(), booking)).isEmpty();
  }

  @Test
  void aStaffMemberWhoIsNotTheAssigneeCannotUploadAPhotoToTheVisit() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession colleague = VisitAppSession.signIn(port, w.otherWalker());

    ApiClient.Response refused = colleague.upload(photos(booking), jpegFile(), colleague.csrf());
    assertThat(refused.status()).as(refused.raw()).isIn(403, 404);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(listed(w.family(), booking)).isEmpty();
  }

  @Test
  void aFileThatIsNoPictureIsRefusedWithAProblemAndNothingIsStored() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());

    ApiClient.Response refused =
        app.upload(
            photos(booking),
            Multipart.file("visit.jpg", "image/jpeg", "#!/bin/sh\necho hi\n".getBytes()),
            app.csrf());
    assertThat(refused.status()).as(refused.raw()).isIn(400, 415);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().path("detail").asString()).isNotBlank();
    assertThat(listed(w.family(), booking)).isEmpty();
  }

  @Test
  void aPhotoOverTheSizeLimitIsRefusedWith413AndNothingIsStored() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    byte[] large = java.util.Arrays.copyOf(jpegFile().content(), 10 * 1024 * 1024 + 1);

    ApiClient.Response refused =
        app.upload(photos(booking), Multipart.file("visit.jpg", "image/jpeg", large), app.csrf());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(413);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(listed(w.family(), booking)).isEmpty();
  }

  /** The API reads no cookies: the browser session cannot upload through it (CSRF stays moot). */
  @Test
  void theApiRouteDoesNotTakeTheBrowserSession() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());

    ApiClient.Response refused =
        app.upload("/api/v1/bookings/" + booking + "/photos", jpegFile(), app.csrf());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(401);
    assertThat(listed(w.family(), booking)).isEmpty();
  }

  // ---- helpers ----

  private static String photos(String booking) {
    return "/visits/" + booking + "/photos";
  }

  /** The ids of the visit's photos, as the household reads them through the API. */
  private List<String> listed(User reader, String booking) {
    ApiClient.Response r = api.get("/api/v1/bookings/" + booking + "/photos", reader.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.items().forEach(d -> ids.add(d.path("id").asString()));
    return ids;
  }

  private Map<String, Object> item(String booking, String kind, Map<String, Object> payload) {
    return Map.of(
        "clientId",
        UUID.randomUUID().toString(),
        "bookingId",
        booking,
        "kind",
        kind,
        "deviceTime",
        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
        "payload",
        payload);
  }

  static Multipart named(String name) {
    return Multipart.file(name, "image/jpeg", jpegFile().content());
  }

  static Multipart jpegFile() {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Multipart.file("visit-photo.jpg", "image/jpeg", out.toByteArray());
  }
}
