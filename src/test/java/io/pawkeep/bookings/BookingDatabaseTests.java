package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * The database guards bookings even if the code forgets to: only valid transitions, only schedulers
 * confirm and assign, and a household's members cannot move a booking on.
 */
class BookingDatabaseTests extends BookingTestSupport {

  @Test
  void householdMembersCannotConfirmOrAssignTheirOwnBookingInTheDatabase() {
    World w = world();
    String id = requestBooking(w, w.family(), inHours(24)).text("id");
    UUID family = UUID.fromString(userId(w.family()));
    assertThatThrownBy(() -> update(family, "status = 'confirmed'", id))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> update(family, "assignee_id = '" + w.walkerId() + "'", id))
        .isInstanceOf(DataAccessException.class);
    assertThat(update(family, "status = 'cancelled'", id)).isOne();
  }

  @Test
  void aCancelledBookingCannotBeCompletedEvenDirectlyInTheDatabase() {
    World w = world();
    String id = requestBooking(w, w.family(), inHours(24)).text("id");
    status(w.manager(), id, "cancelled", "fully booked");
    // The household may write its booking's row, so only the transition rule stands in the way.
    UUID family = UUID.fromString(userId(w.family()));
    assertThatThrownBy(() -> update(family, "status = 'completed'", id))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("invalid booking transition");
  }

  @Test
  void unassignedStaffCannotReadOrChangeBookingsInTheDatabase() {
    World w = world();
    String id = assignedBooking(w, w.walkerId(), inHours(24));
    UUID other = UUID.fromString(w.otherWalkerId());
    assertThat(update(other, "status = 'in_progress'", id)).isZero();
    long seen =
        asIdentity(
            other,
            null,
            sql ->
                sql.sql("select count(*) from bookings where id = ?::uuid")
                    .param(id)
                    .query(Long.class)
                    .single());
    assertThat(seen).isZero();
  }

  @Test
  void assigneesCannotMoveBookingTimes() {
    World w = world();
    Instant agreed = inHours(24);
    String id = assignedBooking(w, w.walkerId(), agreed);
    Map<String, Object> times =
        Map.of("startsAt", inHours(1).toString(), "endsAt", inHours(2).toString());
    assertThat(patch(w.walker(), "/api/v1/bookings/" + id, times).status()).isEqualTo(403);
    assertThat(patch(w.otherWalker(), "/api/v1/bookings/" + id, times).status()).isEqualTo(404);
    UUID walker = UUID.fromString(w.walkerId());
    for (String set :
        List.of(
            "starts_at = starts_at - interval '23 hours'",
            "ends_at = ends_at + interval '30 days'",
            "proposed_starts_at = starts_at - interval '23 hours',"
                + " proposed_ends_at = ends_at - interval '23 hours'")) {
      assertThatThrownBy(() -> update(walker, set, id))
          .as(set)
          .isInstanceOf(DataAccessException.class);
    }
    assertThat(startsAt(w, id)).isEqualTo(agreed);
    // The assignee still progresses the booking.
    assertThat(update(walker, "status = 'in_progress'", id)).isOne();
  }

  @Test
  void nobodyOnTheBusinessSideMovesAgreedTimesInTheDatabaseOnlyTheHouseholdAccepts() {
    World w = world();
    Instant agreed = inHours(24);
    String id = assignedBooking(w, w.walkerId(), agreed);
    User manager = w.manager();
    for (User scheduler : List.of(manager, w.owner())) {
      assertThatThrownBy(() -> update(scheduler, "starts_at = starts_at - interval '23 hours'", id))
          .isInstanceOf(DataAccessException.class);
    }
    // A scheduler may only propose; turning the proposal into agreed times is the household's.
    assertThat(
            update(
                manager,
                "proposed_starts_at = starts_at - interval '23 hours',"
                    + " proposed_ends_at = ends_at - interval '23 hours'",
                id))
        .isOne();
    String accept =
        "starts_at = proposed_starts_at, ends_at = proposed_ends_at,"
            + " proposed_starts_at = null, proposed_ends_at = null";
    assertThatThrownBy(() -> update(manager, accept, id)).isInstanceOf(DataAccessException.class);
    assertThat(startsAt(w, id)).isEqualTo(agreed);
    assertThat(update(w.familyMember(), accept, id)).isOne();
    assertThat(startsAt(w, id)).isEqualTo(agreed.minus(Duration.ofHours(23)));
  }

  /** The booking's agreed start, as the household's owner reads it. */
  private Instant startsAt(World w, String id) {
    return asIdentity(
        UUID.fromString(userId(w.family())),
        null,
        sql ->
            sql.sql("select starts_at from bookings where id = ?::uuid")
                .param(id)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant());
  }

  /** An update as the user in their own session (second factor included where they have one). */
  private int update(User user, String set, String id) {
    return asCaller(
        user,
        sql -> sql.sql("update bookings set " + set + " where id = ?::uuid").param(id).update());
  }

  private int update(UUID user, String set, String id) {
    return asIdentity(
        user,
        null,
        sql -> sql.sql("update bookings set " + set + " where id = ?::uuid").param(id).update());
  }
}
