package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/** The database keeps the care log append-only and writable by the assignee only (DOM-6). */
class CareDatabaseTests extends CareTestSupport {

  @Test
  void careActionsCannotBeChangedOrDeletedEvenByTheirAuthor() {
    World w = world();
    String booking = walkersBooking(w);
    outcomes(w.walker(), List.of(item(booking, "note", now(), Map.of("text", "kept"))));
    UUID walker = UUID.fromString(w.walkerId());
    assertThatThrownBy(
            () ->
                as(walker, "update care_actions set payload = '{}' where booking_id = ?", booking))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> as(walker, "delete from care_actions where booking_id = ?", booking))
        .isInstanceOf(DataAccessException.class);
    assertThat(careLog(w.walker(), booking).items()).hasSize(1);
  }

  @Test
  void unassignedStaffCannotInsertCareActionsDirectly() {
    World w = world();
    String booking = walkersBooking(w);
    UUID other = UUID.fromString(w.otherWalkerId());
    assertThatThrownBy(
            () ->
                asIdentity(
                    other,
                    null,
                    sql ->
                        sql.sql(
                                """
                              insert into care_actions (client_id, booking_id, business_id,
                                household_id, author_id, kind, device_time, received_at, payload)
                              values (?, ?::uuid, ?::uuid, ?::uuid, ?, 'note', ?, ?, '{}')
                              """)
                            .params(
                                UUID.randomUUID(),
                                booking,
                                w.business(),
                                w.household(),
                                other,
                                Timestamp.from(now()),
                                Timestamp.from(now()))
                            .update()))
        .isInstanceOf(DataAccessException.class);
  }

  private int as(UUID user, String sql, String booking) {
    return asIdentity(
        user, null, db -> db.sql(sql.replace("?", "?::uuid")).param(booking).update());
  }
}
