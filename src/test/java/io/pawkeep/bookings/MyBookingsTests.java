package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A person's home lists today's and upcoming bookings of every household they belong to, in one
 * list by start time (DOM-9, HARD-8); another household's never appear (AUTHZ-3, AUTHZ-4).
 */
class MyBookingsTests extends BookingTestSupport {

  @Test
  void aPersonSeesTheBookingsOfEveryHouseholdTheyBelongToAndNoOtherHouseholds() {
    World home = world();
    World sitting = world();
    World stranger = world();
    // The owner of one household sits for a second one.
    join(sitting.family(), sitting.household(), home.family(), "sitter");
    String ownBooking = booked(home, inHours(30));
    String sittingBooking = booked(sitting, inHours(26));
    String strangersBooking = booked(stranger, inHours(28));

    List<JsonNode> mine = api.all("/api/v1/me/bookings", home.family().accessToken(), 1);
    List<String> ids = mine.stream().map(b -> b.path("id").asString()).toList();
    assertThat(ids).containsExactly(sittingBooking, ownBooking);
    assertThat(ids).doesNotContain(strangersBooking);
    assertThat(mine.get(0).path("householdId").asString()).isEqualTo(sitting.household());

    // The business's schedulers read its bookings, but a person's home is their households' only.
    assertThat(api.all("/api/v1/me/bookings", home.manager().accessToken())).isEmpty();
    List<JsonNode> theirs = api.all("/api/v1/me/bookings", stranger.family().accessToken(), 1);
    assertThat(theirs.stream().map(b -> b.path("id").asString())).containsExactly(strangersBooking);
  }

  @Test
  void myBookingsAreReadInPagesFromTheGivenTime() {
    World w = world();
    String early = booked(w, inHours(2));
    String later = booked(w, inHours(50));
    ApiClient.Response first = api.get("/api/v1/me/bookings?limit=1", w.family().accessToken());
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.items()).hasSize(1);
    assertThat(first.items().get(0).path("id").asString()).isEqualTo(early);
    ApiClient.Response second =
        api.get(
            "/api/v1/me/bookings?limit=1&cursor=" + first.text("next"),
            w.familyMember().accessToken());
    assertThat(second.status()).as(second.raw()).isEqualTo(200);
    assertThat(second.items().get(0).path("id").asString()).isEqualTo(later);

    Instant afterTheFirst = inHours(10);
    ApiClient.Response fromLater =
        api.get("/api/v1/me/bookings?from=" + afterTheFirst, w.family().accessToken());
    assertThat(fromLater.items()).extracting(b -> b.path("id").asString()).containsExactly(later);
  }

  @Test
  void aBadCursorLimitTimeOrStatusIsAProblem() {
    World w = world();
    booked(w, inHours(3));
    booked(w, inHours(4));
    String token = w.family().accessToken();
    String householdCursor =
        api.get("/api/v1/households/" + w.household() + "/bookings?limit=1", token).text("next");
    for (String query :
        List.of(
            "cursor=not-a-cursor",
            "cursor=" + householdCursor,
            "limit=0",
            "limit=201",
            "from=yesterday",
            "status=lost")) {
      ApiClient.Response r = api.get("/api/v1/me/bookings?" + query, token);
      assertThat(r.status()).as(query + ": " + r.raw()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  private String booked(World w, Instant startsAt) {
    ApiClient.Response r = requestBooking(w, w.family(), startsAt);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }
}
