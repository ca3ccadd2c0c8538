package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.PageClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The visit app's care sync on the browser session: the API's sync (DOM-6, AVAIL-3) behind the
 * pages' CSRF rule (SESS-5), a replay stored once, a refused item answered with its reason, and the
 * check-in and check-out pins validated and shown to the household only when the business shares
 * tracks (DOM-9).
 */
class VisitSyncTests extends BookingTestSupport {

  @Test
  void aReplayedItemIsADuplicateStoredOnce() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    Map<String, Object> checkIn = item(booking, "check_in", Map.of("note", "Arrived"));

    ApiClient.Response first = app.sync(Map.of("items", List.of(checkIn)));
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.header("Cache-Control")).contains("no-store");
    assertThat(outcome(first).path("outcome").asString()).isEqualTo("accepted");

    ApiClient.Response replay = app.sync(Map.of("items", List.of(checkIn)));
    assertThat(outcome(replay).path("outcome").asString()).isEqualTo("duplicate");
    assertThat(outcome(replay).path("clientId").asString()).isEqualTo(checkIn.get("clientId"));

    ApiClient.Response log =
        api.get("/api/v1/bookings/" + booking + "/care-actions", w.walker().accessToken());
    assertThat(log.items()).hasSize(1);
  }

  @Test
  void aSyncWithoutTheCsrfTokenIsRefusedWithAProblemAndStoresNothing() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    Map<String, Object> body = Map.of("items", List.of(item(booking, "check_in", Map.of())));

    for (String token : new String[] {null, "forged-token"}) {
      ApiClient.Response refused = app.post("/visits/sync", body, token);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.header("Location")).isNull();
    }
    ApiClient.Response log =
        api.get("/api/v1/bookings/" + booking + "/care-actions", w.walker().accessToken());
    assertThat(log.items().isArray()).as(log.raw()).isTrue();
    assertThat(log.items()).isEmpty();
  }

  @Test
  void anEndedSessionsSyncAnswers401SoTheAppKeepsItsQueue() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    String token = app.csrf();
    String session = app.browser.cookie("__Host-pawkeep").orElseThrow();
    String csrfCookie = app.browser.cookie("__Host-pawkeep-csrf").orElseThrow();
    app.browser.get("/");
    assertThat(app.browser.post("/sign-out", Map.of()).status()).isEqualTo(302);
    // The phone still holds the cookies of the session that ended (signed out elsewhere).
    app.browser.setCookie("__Host-pawkeep", session);
    app.browser.setCookie("__Host-pawkeep-csrf", csrfCookie);

    ApiClient.Response r =
        app.post(
            "/visits/sync", Map.of("items", List.of(item(booking, "check_in", Map.of()))), token);
    assertThat(r.status()).as(r.raw()).isEqualTo(401);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(app.get("/visits/data").status()).isEqualTo(401);
    assertThat(app.get("/visits/csrf").status()).isEqualTo(401);
  }

  @Test
  void anItemOfAHouseholdThatRevokedTheBusinessIsRejectedWithItsReason() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    revoke(w.family(), w.household(), w.business());

    ApiClient.Response r = app.sync(Map.of("items", List.of(item(booking, "check_in", Map.of()))));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(outcome(r).path("outcome").asString()).isEqualTo("rejected");
    assertThat(outcome(r).path("reason").asString()).isNotBlank();
  }

  @Test
  void pinsOutsideTheEarthOrWithOtherFieldsAreRejected() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    List<Map<String, Object>> pins =
        List.of(
            Map.of("lat", 90.5, "lon", 13.4),
            Map.of("lat", 52.5, "lon", -180.1),
            Map.of("lat", 52.5),
            Map.of("lat", "52.5", "lon", 13.4),
            Map.of("lat", 52.5, "lon", 13.4, "accuracy", 5),
            Map.of("lat", 52.5, "lon", 13.4, "t", "yesterday"));
    for (Map<String, Object> pin : pins) {
      ApiClient.Response r =
          app.sync(Map.of("items", List.of(item(booking, "check_out", Map.of("pin", pin)))));
      assertThat(outcome(r).path("reason").asString())
          .as(pin.toString())
          .isEqualTo("invalid_payload");
    }
    ApiClient.Response onAWalk =
        app.sync(
            Map.of(
                "items",
                List.of(
                    item(
                        booking,
                        "feeding",
                        Map.of("food", "Kibble", "pin", Map.of("lat", 1, "lon", 1))))));
    assertThat(outcome(onAWalk).path("reason").asString()).isEqualTo("invalid_payload");
  }

  @Test
  void thePinsAreOnTheHouseholdsVisitReportOnlyWhenTheBusinessSharesTracks() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    ApiClient.Response r =
        app.sync(
            Map.of(
                "items",
                List.of(
                    item(
                        booking,
                        "check_in",
                        Map.of("pin", Map.of("lat", 52.52, "lon", 13.405, "t", at.toString()))),
                    item(
                        booking,
                        "check_out",
                        Map.of("pin", Map.of("lat", 52.521, "lon", 13.41))))));
    assertThat(r.json().path("results").get(0).path("outcome").asString()).isEqualTo("accepted");
    assertThat(r.json().path("results").get(1).path("outcome").asString()).isEqualTo("accepted");

    PageClient family = VisitAppSession.signIn(port, w.family()).browser;
    PageClient.Page hidden = family.get("/bookings/" + booking + "/report");
    assertThat(hidden.status()).isEqualTo(200);
    assertThat(hidden.body()).doesNotContain("52.52").doesNotContain("visit-map");
    ApiClient.Response familyLog =
        api.get("/api/v1/bookings/" + booking + "/care-actions", w.family().accessToken());
    assertThat(familyLog.raw()).doesNotContain("\"pin\"");

    shareTracks(w, true);

    PageClient.Page shown = family.get("/bookings/" + booking + "/report");
    assertThat(shown.body())
        .contains("Map of the visit: 2 check-in and check-out pins")
        .contains("Checked in at latitude 52.52, longitude 13.405")
        .contains("Checked out at latitude 52.521, longitude 13.41")
        .contains("pin-check-in")
        .contains("pin-check-out");
  }

  @Test
  void pinsAreKeptWhenTheBusinessRecordsNoTracks() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    ApiClient.Response settings =
        api.send(
            "PUT",
            "/api/v1/businesses/" + w.business() + "/care-settings",
            Map.of("recordTracks", false, "clientsSeeTracks", false),
            w.owner().accessToken(),
            Map.of());
    assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    assertThat(app.data().path("visits").get(0).path("recordTracks").asBoolean()).isFalse();

    app.sync(
        Map.of(
            "items",
            List.of(item(booking, "check_in", Map.of("pin", Map.of("lat", 48.1, "lon", 11.6))))));

    ApiClient.Response log =
        api.get("/api/v1/bookings/" + booking + "/care-actions", w.walker().accessToken());
    assertThat(log.items().get(0).path("payload").path("pin").path("lat").asDouble())
        .isEqualTo(48.1);
  }

  private void shareTracks(World w, boolean clientsSeeTracks) {
    ApiClient.Response r =
        api.send(
            "PUT",
            "/api/v1/businesses/" + w.business() + "/care-settings",
            Map.of("recordTracks", true, "clientsSeeTracks", clientsSeeTracks),
            w.owner().accessToken(),
            Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  private Map<String, Object> item(String booking, String kind, Map<String, Object> payload) {
    Map<String, Object> item = new HashMap<>();
    item.put("clientId", UUID.randomUUID().toString());
    item.put("bookingId", booking);
    item.put("kind", kind);
    item.put("deviceTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    item.put("payload", payload);
    return item;
  }

  private static JsonNode outcome(ApiClient.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.json().path("results").get(0);
  }
}
