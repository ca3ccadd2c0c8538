package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A business's schedule filtered by status: the requests waiting for approval (DOM-5), within what
 * the schedule already lets each caller see (AUTHZ-5).
 */
class ScheduleStatusTests extends BookingTestSupport {

  @Test
  void aBusinessSchedulerListsThePendingRequestsByStatus() {
    World w = world();
    String requested = requestBooking(w, w.family(), inHours(20)).text("id");
    String confirmed = assignedBooking(w, w.walkerId(), inHours(21));
    List<String> pending =
        api
            .all(
                "/api/v1/bookings?business=" + w.business() + "&status=requested",
                w.manager().accessToken())
            .stream()
            .map(b -> b.path("id").asString())
            .toList();
    assertThat(pending).containsExactly(requested);
    // Staff without bookings.write see only their own assignments, whatever the status named.
    assertThat(
            api.all(
                "/api/v1/bookings?business=" + w.business() + "&status=requested",
                w.walker().accessToken()))
        .isEmpty();
    assertThat(
            api
                .all(
                    "/api/v1/bookings?business=" + w.business() + "&status=confirmed",
                    w.walker().accessToken())
                .stream()
                .map(b -> b.path("id").asString()))
        .containsExactly(confirmed);
    ApiClient.Response bad =
        api.get(
            "/api/v1/bookings?business=" + w.business() + "&status=lost",
            w.manager().accessToken());
    assertThat(bad.status()).isEqualTo(400);
    // Another business's staff still get the answer the schedule gives them without a status.
    World other = world();
    assertThat(
            api.get(
                    "/api/v1/bookings?business=" + w.business() + "&status=requested",
                    other.manager().accessToken())
                .status())
        .isIn(403, 404);
  }
}
