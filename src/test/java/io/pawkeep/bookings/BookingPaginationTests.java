package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Schedules and a household's bookings are read a page at a time (HARD-8). */
class BookingPaginationTests extends BookingTestSupport {

  @Test
  void aHouseholdsBookingsAndTheBusinessScheduleAreReadInPagesWithEqualStartTimesKeptInOrder() {
    World w = world();
    Instant start = inHours(24);
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      ApiClient.Response r = requestBooking(w, w.family(), k < 3 ? start : start.plusSeconds(60));
      assertThat(r.status()).as(r.raw()).isEqualTo(201);
      ids.add(r.text("id"));
    }
    for (var list :
        List.of(
            new Object[] {"/api/v1/households/" + w.household() + "/bookings", w.family()},
            new Object[] {"/api/v1/bookings?business=" + w.business(), w.manager()})) {
      List<JsonNode> items = api.all((String) list[0], ((User) list[1]).accessToken(), 2);
      List<String> seen = items.stream().map(b -> b.path("id").asString()).toList();
      assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
      assertThat(seen.subList(0, 3)).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
      assertThat(seen.subList(0, 3)).isSorted();
      assertThat(seen.subList(3, 5)).isSorted();
    }
    ApiClient.Response first =
        api.get(
            "/api/v1/households/" + w.household() + "/bookings?limit=2", w.family().accessToken());
    assertThat(first.items()).hasSize(2);
    assertThat(first.header("Link")).contains("cursor=" + first.text("next"));
  }

  @Test
  void aCursorOfOneHouseholdsBookingsReachesNothingOfItInAnotherHousehold() {
    World w = world();
    for (int k = 0; k < 3; k++) {
      requestBooking(w, w.family(), inHours(24 + k));
    }
    String cursor =
        api.get(
                "/api/v1/households/" + w.household() + "/bookings?limit=1",
                w.family().accessToken())
            .text("next");
    User neighbour = signedInUser("neighbour");
    String theirs = createHousehold(neighbour, "Next Door");
    ApiClient.Response other =
        api.get(
            "/api/v1/households/" + w.household() + "/bookings?cursor=" + cursor,
            neighbour.accessToken());
    assertThat(other.status()).isEqualTo(404);
    ApiClient.Response own =
        api.get(
            "/api/v1/households/" + theirs + "/bookings?cursor=" + cursor, neighbour.accessToken());
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(own.items()).isEmpty();
    ApiClient.Response staff =
        api.get("/api/v1/bookings?staff=me&cursor=" + cursor, w.walker().accessToken());
    assertThat(staff.status()).isEqualTo(400);
  }
}
