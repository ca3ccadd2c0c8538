package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.tenancy.Identity;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database guards bookings even if the code forgets to: only valid transitions, only schedulers
 * confirm and assign, and a household's members cannot move a booking on.
 */
class BookingDatabaseTests extends BookingTestSupport {

  @Autowired TransactionTemplate transactions;
  @Autowired Identity identity;
  @Autowired JdbcClient jdbc;

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
        transactions.execute(
            tx -> {
              identity.assume(other);
              return jdbc.sql("select count(*) from bookings where id = ?::uuid")
                  .param(id)
                  .query(Long.class)
                  .single();
            });
    assertThat(seen).isZero();
  }

  private int update(UUID user, String set, String id) {
    return transactions.execute(
        tx -> {
          identity.assume(user);
          return jdbc.sql("update bookings set " + set + " where id = ?::uuid").param(id).update();
        });
  }
}
