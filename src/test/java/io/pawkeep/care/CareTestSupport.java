package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiClient.Multipart;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;

/** Builds care-action items the way the phone app sends them, on top of the booking world. */
abstract class CareTestSupport extends BookingTestSupport {

  static final String SYNC = "/api/v1/sync/care-actions";

  /** A booking of the world's walker, starting in a minute: its window is open now. */
  protected String walkersBooking(World w) {
    return assignedBooking(w, w.walkerId(), soon());
  }

  protected Instant soon() {
    return now().plusSeconds(60);
  }

  protected Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  protected static Map<String, Object> item(
      String booking, String kind, Instant deviceTime, Map<String, Object> payload) {
    return item(UUID.randomUUID().toString(), booking, kind, deviceTime, payload);
  }

  protected static Map<String, Object> item(
      String clientId,
      String booking,
      String kind,
      Instant deviceTime,
      Map<String, Object> payload) {
    Map<String, Object> item = new HashMap<>();
    item.put("clientId", clientId);
    item.put("bookingId", booking);
    item.put("kind", kind);
    item.put("deviceTime", deviceTime.toString());
    item.put("payload", payload);
    return item;
  }

  protected static Map<String, Object> walk(int points) {
    List<Map<String, Object>> track = new ArrayList<>();
    for (int k = 0; k < points; k++) {
      track.add(Map.of("lat", 52.5 + k * 0.0001, "lon", 13.4 + k * 0.0001));
    }
    return Map.of("durationMinutes", 45, "distanceMeters", 3200, "track", track);
  }

  protected ApiClient.Response sync(User author, List<Map<String, Object>> items) {
    return api.post(SYNC, Map.of("items", items), author.accessToken());
  }

  /** The outcomes of a successful sync, in order. */
  protected List<JsonNode> outcomes(User author, List<Map<String, Object>> items) {
    ApiClient.Response r = sync(author, items);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<JsonNode> outcomes = new ArrayList<>();
    r.json().path("results").forEach(outcomes::add);
    assertThat(outcomes).hasSize(items.size());
    return outcomes;
  }

  protected ApiClient.Response careLog(User caller, String booking) {
    return api.get("/api/v1/bookings/" + booking + "/care-actions", caller.accessToken());
  }

  protected static String reason(JsonNode outcome) {
    return outcome.path("outcome").asString() + ":" + outcome.path("reason").asString("");
  }

  /** Uploads a photo to the visit as {@code walker} (its assignee, inside the window). */
  protected String visitPhoto(User walker, String booking) {
    ApiClient.Response r =
        api.upload(
            "/api/v1/bookings/" + booking + "/photos",
            Multipart.file("visit.jpg", "image/jpeg", jpeg()),
            walker.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** Uploads a JPEG ("lease.jpg") as a household document, as its owner; returns its id. */
  protected String householdDocument(World w) {
    ApiClient.Response r =
        api.upload(
            "/api/v1/households/" + w.household() + "/documents",
            Multipart.file("lease.jpg", "image/jpeg", jpeg()),
            w.family().accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** A small real JPEG. */
  static byte[] jpeg() {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 48; y++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
