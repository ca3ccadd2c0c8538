package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.web.PageRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * A business's schedule as a day or week view reads it: filtered by status for the requests waiting
 * for approval (DOM-5), naming assignees and households, within what the schedule and the
 * business's staff and client lists already let each caller see (AUTHZ-5).
 */
class ScheduleViewTests extends BookingTestSupport {

  @Autowired ScheduleRepository repository;

  @Test
  void aScheduleGivesNoRowsAndTheSameAnswerToAnyoneWithoutBookingsReadInTheBusiness() {
    World w = world();
    World other = world();
    String assigned = assignedBooking(w, w.walkerId(), inHours(2));
    User stranger = signedInUser("stranger");
    // The client household's owner, also on the business's staff without bookings.read: row-level
    // security shows them their household's bookings, never through the business's schedule.
    hire(w.owner(), w.business(), w.family(), "accountant");
    ApiClient.Response missing =
        api.get(
            "/api/v1/bookings?business=" + UUID.randomUUID() + "&staff=me", stranger.accessToken());
    assertThat(missing.status()).isEqualTo(404);
    for (String staff : List.of("&staff=me", "", "&staff=" + w.walkerId())) {
      String path = "/api/v1/bookings?business=" + w.business() + staff;
      for (User outsider : List.of(stranger, other.manager(), other.walker())) {
        ApiClient.Response r = api.get(path, outsider.accessToken());
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(withoutInstance(r)).as(path).isEqualTo(withoutInstance(missing));
      }
      ApiClient.Response refused = api.get(path, w.family().accessToken());
      assertThat(refused.status()).as(path).isEqualTo(403);
      assertThat(refused.text("detail"))
          .isEqualTo("Your role in this business does not allow this.");
    }
    assertThat(
            api.all(
                "/api/v1/bookings?business=" + w.business() + "&staff=me",
                w.walker().accessToken()))
        .extracting(b -> b.path("id").asString())
        .containsExactly(assigned);

    // The schedule's one statement gives them their permissions there (none of bookings.read) and
    // no rows, whoever they ask for.
    UUID business = UUID.fromString(w.business());
    BookingRepository.Range range =
        new BookingRepository.Range(
            clock.instant().minus(Duration.ofDays(1)),
            clock.instant().plus(Duration.ofDays(30)),
            null);
    for (User caller : List.of(w.family(), stranger, other.manager(), other.walker())) {
      UUID callerId = UUID.fromString(userId(caller));
      for (UUID staff : Arrays.asList(null, callerId, UUID.fromString(w.walkerId()))) {
        ScheduleRepository.Schedule schedule =
            asCaller(
                caller,
                db ->
                    repository.ofBusiness(
                        business, callerId, staff, range, PageRequest.of("bookings", null, null)));
        assertThat(schedule.rows()).as("rows for %s, staff %s", callerId, staff).isEmpty();
        assertThat(schedule.permissions()).doesNotContain("bookings.read");
      }
    }
    // Row-level security alone would have shown the household's owner the booking.
    Long seen =
        asCaller(
            w.family(),
            db ->
                db.sql("select count(*) from bookings where id = ?::uuid")
                    .param(assigned)
                    .query(Long.class)
                    .single());
    assertThat(seen).isOne();
  }

  /** A problem less what names the request itself. */
  private static Object withoutInstance(ApiClient.Response r) {
    return ((ObjectNode) r.json()).without(List.of("instance"));
  }

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

  @Test
  void aSchedulePagesNamesComeOnlyFromItsOwnBusinessForTheCallersPermissionsInTheDatabase() {
    World w = world();
    World other = world();
    String walkerName = api.get("/api/v1/me", w.walker().accessToken()).text("displayName");
    UUID[] people = {UUID.fromString(w.walkerId()), UUID.fromString(other.walkerId())};
    UUID[] households = {UUID.fromString(w.household()), UUID.fromString(other.household())};

    // A manager (staff.manage, clients.read) gets the names of its own business's people and
    // active clients among the ids asked, never those of another business's.
    assertThat(names(w.manager(), w.business(), people, households))
        .containsExactlyInAnyOrder(
            "person " + w.walkerId() + " " + walkerName,
            "household " + w.household() + " The Kennel");
    // Staff without staff.manage get the households only.
    assertThat(names(w.walker(), w.business(), people, households))
        .containsExactly("household " + w.household() + " The Kennel");
    // Another business's manager naming this business gets nothing, whatever the ids.
    assertThat(names(other.manager(), w.business(), people, households)).isEmpty();
    // A household that revokes the business takes its name with it.
    revoke(w.family(), w.household(), w.business());
    assertThat(names(w.manager(), w.business(), people, households))
        .containsExactly("person " + w.walkerId() + " " + walkerName);
  }

  private List<String> names(User caller, String business, UUID[] people, UUID[] households) {
    return asCaller(
        caller,
        sql ->
            sql.sql(
                    "select kind || ' ' || id || ' ' || name from pawkeep_business_names(?::uuid, ?,"
                        + " ?, ?)")
                .param(business)
                .param(new UUID[0])
                .param(people)
                .param(households)
                .query(String.class)
                .list());
  }
}
