package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Least privilege by assignment (AUTHZ-5): staff see a household's pets, care instructions and
 * access secrets only while assigned to one of its bookings, from 2 hours before its start to 2
 * hours after its end, while the household is an active client; the database applies the same
 * window to the request's time.
 */
class AssignmentWindowTests extends BookingTestSupport {

  private static final String ALARM = "alarm-2207-window";
  private static final Duration MARGIN = Duration.ofHours(2);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Autowired Assignments assignments;

  @Test
  void assignedStaffSeeThePetsAndRevealOnlyFromTwoHoursBeforeStartToTwoHoursAfterEnd() {
    World w = world();
    prepareHousehold(w);
    Instant start = inHours(2).plus(MINUTE); // now is 2h01m before the start
    Instant end = start.plus(Duration.ofHours(1));
    String booking = assignedBooking(w, w.walkerId(), start);

    assertShut(w.walker(), w, booking);
    clock.advance(Duration.ofMinutes(2)); // 1h59m before the start
    assertOpen(w.walker(), w, booking);

    clock.set(end.plus(MARGIN).minus(MINUTE));
    assertOpen(again(w.walker()), w, booking);
    clock.set(end.plus(MARGIN).plus(MINUTE));
    assertShut(again(w.walker()), w, booking);

    // Every staff reveal is in the household's reveal log and audit trail, like a member's.
    User family = again(w.family());
    JsonNode reveals =
        api.get(
                "/api/v1/households/" + w.household() + "/access-secrets/reveals",
                family.accessToken())
            .items();
    assertThat(reveals.size()).isEqualTo(2);
    assertThat(reveals.get(0).path("revealedBy").asString()).isEqualTo(w.walkerId());
    assertThat(reveals.get(0).path("reason").asString()).isEqualTo("walk");
    assertThat(reveals.get(0).path("fields").get(0).asString()).isEqualTo("alarmCode");
    assertThat(
            api.get("/api/v1/households/" + w.household() + "/audit", family.accessToken()).raw())
        .contains("access_secrets.revealed", booking)
        .doesNotContain(ALARM);
  }

  @Test
  void unassignedStaffOfTheSameBusinessSeeNothingOfTheBookingOrTheHousehold() {
    World w = world();
    prepareHousehold(w);
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    assertOpen(w.walker(), w, booking);
    User other = w.otherWalker();
    assertThat(api.get("/api/v1/bookings/" + booking, other.accessToken()).status()).isEqualTo(404);
    assertThat(reveal(other, booking).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/pets/" + w.pet(), other.accessToken()).status()).isEqualTo(404);
  }

  @Test
  void staffWithoutAccessRevealSeeThePetsButCannotReveal() {
    World w = world();
    prepareHousehold(w);
    User walker = signedInUser("no-reveal-walker");
    hire(w.owner(), w.business(), walker, "staff", Map.of("access.reveal", "revoke"));
    String booking = assignedBooking(w, userId(walker), inHours(1));
    ApiClient.Response r = reveal(walker, booking);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text("detail")).contains("does not allow");
    assertThat(petsOf(walker, booking)).hasSize(1);
  }

  @Test
  void revokingTheClientRelationshipDeniesTheAssigneeOnTheVeryNextRequest() {
    World w = world();
    prepareHousehold(w);
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    assertOpen(w.walker(), w, booking);
    api.delete(
        "/api/v1/households/" + w.household() + "/businesses/" + w.business(),
        null,
        w.family().accessToken());
    assertShut(w.walker(), w, booking);
    assertThat(rowsVisibleTo(UUID.fromString(w.walkerId()), "pets", w.household(), clock.instant()))
        .isZero();
  }

  @Test
  void
      theDatabaseHidesTheHouseholdFromAssignedStaffOutsideTheirWindowEvenIfTheCodeForgetsToCheck() {
    World w = world();
    prepareHousehold(w);
    Instant start = inHours(24);
    Instant end = start.plus(Duration.ofHours(1));
    assignedBooking(w, w.walkerId(), start);
    UUID walker = UUID.fromString(w.walkerId());
    UUID other = UUID.fromString(w.otherWalkerId());
    for (String table :
        List.of("pets", "pet_care_instructions", "access_secrets", "tenant_data_keys")) {
      assertThat(rowsVisibleTo(walker, table, w.household(), start.minus(MARGIN).minusSeconds(1)))
          .as(table)
          .isZero();
      assertThat(rowsVisibleTo(walker, table, w.household(), start.minus(MARGIN)))
          .as(table)
          .isOne();
      assertThat(rowsVisibleTo(walker, table, w.household(), end.plus(MARGIN).minusSeconds(1)))
          .as(table)
          .isOne();
      assertThat(rowsVisibleTo(walker, table, w.household(), end.plus(MARGIN))).as(table).isZero();
      assertThat(rowsVisibleTo(other, table, w.household(), start)).as(table).isZero();
    }
  }

  @Test
  void aBusinessRescheduleOpensNoWindowUntilTheHouseholdAccepts() {
    World w = world();
    prepareHousehold(w);
    Instant agreed = inHours(72);
    String booking = requestBooking(w, w.family(), agreed).text("id");
    assertThat(status(w.manager(), booking, "confirmed", null).status()).isEqualTo(200);
    // A scheduler moves the booking to "now, for 60 days" and assigns themselves.
    Instant now = inHours(0);
    Map<String, Object> times =
        Map.of("startsAt", now.toString(), "endsAt", now.plus(Duration.ofDays(60)).toString());
    ApiClient.Response moved = patch(w.manager(), "/api/v1/bookings/" + booking, times);
    assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
    assertThat(moved.text("startsAt")).isEqualTo(agreed.toString());
    assertThat(moved.text("proposedStartsAt")).isEqualTo(now.toString());
    assertThat(assign(w.manager(), booking, userId(w.manager())).status()).isEqualTo(200);
    // Until the household accepts, only the agreed times count, in the code and in the database.
    assertShut(w.manager(), w, booking);
    for (String table : List.of("pets", "access_secrets", "tenant_data_keys")) {
      assertThat(rowsVisibleTo(w.manager(), table, w.household(), now)).as(table).isZero();
    }
    ApiClient.Response accepted =
        api.post(
            "/api/v1/bookings/" + booking + "/reschedule/accept",
            times,
            w.familyMember().accessToken());
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
    assertThat(accepted.text("startsAt")).isEqualTo(now.toString());
    assertOpen(w.manager(), w, booking);
    assertThat(rowsVisibleTo(w.manager(), "access_secrets", w.household(), now)).isOne();
  }

  @Test
  void otherModulesActOnlyOnAnOpenAssignment() {
    World w = world();
    Instant start = inHours(2).plus(MINUTE);
    String booking = assignedBooking(w, w.walkerId(), start);
    UUID id = UUID.fromString(booking);
    assertThat(openFor(w.walkerId(), id, "care.log")).isFalse();
    clock.advance(Duration.ofMinutes(2));
    assertThat(openFor(w.walkerId(), id, "care.log")).isTrue();
    assertThat(openFor(w.walkerId(), id, "medical.write")).isFalse();
    assertThat(openFor(w.otherWalkerId(), id, "care.log")).isFalse();
  }

  private boolean openFor(String user, UUID booking, String permission) {
    return asIdentity(
        UUID.fromString(user),
        null,
        sql -> assignments.open(UUID.fromString(user), booking, permission).isPresent());
  }

  /** Care instructions with medical notes and an alarm code, written by the family. */
  private void prepareHousehold(World w) {
    ApiClient.Response care =
        api.send(
            "PUT",
            "/api/v1/pets/" + w.pet() + "/care-instructions",
            Map.of("feeding", "twice a day", "medicalNotes", "epileptic: call the vet"),
            w.family().accessToken(),
            Map.of());
    assertThat(care.status()).as(care.raw()).isEqualTo(200);
    ApiClient.Response secrets =
        api.send(
            "PUT",
            "/api/v1/households/" + w.household() + "/access-secrets",
            Map.of("alarmCode", ALARM),
            w.family().accessToken(),
            Map.of());
    assertThat(secrets.status()).as(secrets.raw()).isEqualTo(204);
  }

  private void assertOpen(User walker, World w, String booking) {
    List<JsonNode> pets = petsOf(walker, booking);
    assertThat(pets).hasSize(1);
    assertThat(pets.get(0).path("careInstructions").path("medicalNotes").asString())
        .isEqualTo("epileptic: call the vet");
    ApiClient.Response revealed = reveal(walker, booking);
    assertThat(revealed.status()).as(revealed.raw()).isEqualTo(200);
    assertThat(revealed.text("alarmCode")).isEqualTo(ALARM);
    assertThat(revealed.header("Cache-Control")).isEqualTo("no-store");
  }

  private void assertShut(User walker, World w, String booking) {
    assertThat(petsOf(walker, booking)).isEmpty();
    ApiClient.Response denied = reveal(walker, booking);
    assertThat(denied.status()).as(denied.raw()).isEqualTo(403);
    assertThat(denied.text("type")).isEqualTo("urn:pawkeep:problem:assignment-window-closed");
    assertThat(api.get("/api/v1/pets/" + w.pet(), walker.accessToken()).status()).isEqualTo(404);
  }

  private List<JsonNode> petsOf(User caller, String booking) {
    ApiClient.Response r = api.get("/api/v1/bookings/" + booking, caller.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.json().path("pets").valueStream().toList();
  }

  private ApiClient.Response reveal(User caller, String booking) {
    return api.post(
        "/api/v1/bookings/" + booking + "/access-secrets/reveal",
        Map.of("fields", List.of("alarmCode"), "reason", "walk"),
        caller.accessToken());
  }

  /** The same in the user's own session (owners' and managers' second factor counts). */
  private long rowsVisibleTo(User user, String table, String household, Instant requestTime) {
    return asCaller(user, requestTime, sql -> count(sql, table, household));
  }

  /** Rows of the household's {@code table} the user sees straight from the database at a time. */
  private long rowsVisibleTo(UUID user, String table, String household, Instant requestTime) {
    return asIdentity(user, null, requestTime, sql -> count(sql, table, household));
  }

  private static long count(JdbcClient sql, String table, String household) {
    String column = "tenant_data_keys".equals(table) ? "tenant_id" : "household_id";
    return sql.sql("select count(*) from " + table + " where " + column + " = ?::uuid")
        .param(household)
        .query(Long.class)
        .single();
  }
}
