package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A business's schedule as a day or week view reads it: filtered by status for the requests waiting
 * for approval (DOM-5), naming assignees and households, within what the schedule and the
 * business's staff and client lists already let each caller see (AUTHZ-5).
 */
class ScheduleViewTests extends BookingTestSupport {

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

  @Test
  void aSchedulersScheduleNamesEachAssigneeAndHouseholdAndStaffSeeOnlyWhatTheirListsAllow() {
    World w = world();
    String requested = requestBooking(w, w.family(), inHours(20)).text("id");
    String assigned = assignedBooking(w, w.walkerId(), inHours(21));
    String walkerName = api.get("/api/v1/me", w.walker().accessToken()).text("displayName");

    List<tools.jackson.databind.JsonNode> schedule =
        api.all("/api/v1/bookings?business=" + w.business(), w.manager().accessToken());
    assertThat(schedule)
        .extracting(b -> b.path("id").asString())
        .containsExactly(requested, assigned);
    assertThat(schedule.get(0).path("assigneeName").isNull()).isTrue();
    assertThat(schedule.get(1).path("assigneeName").asString()).isEqualTo(walkerName);
    assertThat(schedule)
        .allSatisfy(
            b -> {
              assertThat(b.path("householdName").asString()).isEqualTo("The Kennel");
              assertThat(b.path("householdId").asString()).isEqualTo(w.household());
              assertThat(b.path("petIds").size()).isOne();
            });

    // Staff read client households (clients.read) but not the staff list (staff.manage).
    List<tools.jackson.databind.JsonNode> own =
        api.all("/api/v1/bookings?business=" + w.business(), w.walker().accessToken());
    assertThat(own).extracting(b -> b.path("id").asString()).containsExactly(assigned);
    assertThat(own.get(0).path("assigneeName").isNull()).isTrue();
    assertThat(own.get(0).path("householdName").asString()).isEqualTo("The Kennel");

    // A household that revokes the business leaves its name off the schedule.
    revoke(w.family(), w.household(), w.business());
    assertThat(
            api.all("/api/v1/bookings?business=" + w.business(), w.manager().accessToken()).stream()
                .map(b -> b.path("householdName").isNull()))
        .containsOnly(true);
  }
}
