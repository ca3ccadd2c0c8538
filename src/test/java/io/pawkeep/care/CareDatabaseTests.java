package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database keeps the care log append-only and writable by the assignee only, and a photo entry
 * names a photo its author uploaded to the same visit (DOM-6).
 */
class CareDatabaseTests extends CareTestSupport {

  @Autowired OwnerDatabase schemaOwner;

  @Test
  void careActionsCannotBeChangedOrDeletedEvenByTheirAuthor() {
    World w = world();
    String booking = walkersBooking(w);
    outcomes(w.walker(), List.of(item(booking, "note", now(), Map.of("text", "kept"))));
    UUID walker = UUID.fromString(w.walkerId());
    // The application role lacks the grants, so the trigger is not reached here (see below).
    assertThatThrownBy(
            () ->
                as(walker, "update care_actions set payload = '{}' where booking_id = ?", booking))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied for table care_actions");
    assertThatThrownBy(() -> as(walker, "delete from care_actions where booking_id = ?", booking))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied for table care_actions");
    assertThat(careLog(w.walker(), booking).items()).hasSize(1);
  }

  @Test
  void unassignedStaffCannotInsertCareActionsDirectly() {
    World w = world();
    String booking = walkersBooking(w);
    UUID other = UUID.fromString(w.otherWalkerId());
    assertThatThrownBy(() -> insertDirectly(other, booking, w))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("violates row-level security policy");
    // Positive control: the same insert by the booking's assignee inside its window passes the
    // policy, so the refusal above is the policy's judgement of the author, not a broken insert.
    UUID walker = UUID.fromString(w.walkerId());
    assertThat(insertDirectly(walker, booking, w)).isEqualTo(1);
    assertThat(careLog(w.walker(), booking).items()).hasSize(1);
  }

  /**
   * The schema owner is not subject to the application role's grants (which refuse update and
   * delete first), so only the owner reaches the append-only trigger: this proves the trigger
   * itself, the guard that still holds for anyone connecting as the owner.
   */
  @Test
  void careActionsCannotBeChangedOrDeletedEvenByTheSchemaOwner() {
    World w = world();
    String booking = walkersBooking(w);
    outcomes(w.walker(), List.of(item(booking, "note", now(), Map.of("text", "kept"))));
    JdbcClient owner = schemaOwner.jdbc();
    assertThatThrownBy(
            () ->
                owner
                    .sql("update care_actions set payload = '{}' where booking_id = ?::uuid")
                    .param(booking)
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("care actions are append-only");
    assertThatThrownBy(
            () ->
                owner
                    .sql("delete from care_actions where booking_id = ?::uuid")
                    .param(booking)
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("care actions are append-only");
    assertThat(
            owner
                .sql("select payload->>'text' from care_actions where booking_id = ?::uuid")
                .param(booking)
                .query(String.class)
                .list())
        .containsExactly("kept");
  }

  @Test
  void theApplicationRolesOwnSqlCannotStoreAPhotoEntryNamingAnotherVisitsPhoto() {
    World w = world();
    String booking = walkersBooking(w);
    String otherVisit = assignedBooking(w, w.walkerId(), soon().plusSeconds(3600));
    String others = visitPhoto(w.walker(), otherVisit);
    UUID walker = UUID.fromString(w.walkerId());
    for (String ref : List.of(others, UUID.randomUUID().toString(), "pending-upload")) {
      assertThatThrownBy(() -> insertPhotoDirectly(walker, booking, w, ref))
          .as(ref)
          .isInstanceOf(DataAccessException.class)
          .rootCause()
          .hasMessageContaining(
              "a care log photo must name a photo its author uploaded to the same visit");
    }
    // Positive control: the same insert naming the walker's photo of this visit is stored.
    String own = visitPhoto(w.walker(), booking);
    assertThat(insertPhotoDirectly(walker, booking, w, own)).isEqualTo(1);
    assertThat(careLog(w.walker(), booking).items()).hasSize(1);
  }

  @Test
  void theApplicationRolesOwnSqlCannotStoreAPhotoEntryNamingAHouseholdDocument() {
    World w = world();
    String booking = walkersBooking(w);
    String document = householdDocument(w);
    UUID walker = UUID.fromString(w.walkerId());
    assertThatThrownBy(() -> insertPhotoDirectly(walker, booking, w, document))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining(
            "a care log photo must name a photo its author uploaded to the same visit");
  }

  /** The rule is a trigger, so it holds for the schema owner too, who bypasses the policies. */
  @Test
  void evenTheSchemaOwnerCannotStoreAPhotoEntryNamingNoUploadedPhoto() {
    World w = world();
    String booking = walkersBooking(w);
    assertThatThrownBy(
            () ->
                schemaOwner
                    .jdbc()
                    .sql(
                        """
                        insert into care_actions (client_id, booking_id, business_id,
                          household_id, author_id, kind, device_time, received_at, payload)
                        values (?, ?::uuid, ?::uuid, ?::uuid, ?::uuid, 'photo', ?, ?,
                                cast(? as jsonb))
                        """)
                    .params(
                        UUID.randomUUID(),
                        booking,
                        w.business(),
                        w.household(),
                        w.walkerId(),
                        Timestamp.from(now()),
                        Timestamp.from(now()),
                        "{\"photoRef\": \"" + UUID.randomUUID() + "\"}")
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining(
            "a care log photo must name a photo its author uploaded to the same visit");
  }

  /** A direct insert as the application role with {@code author}'s identity, at the test time. */
  private int insertDirectly(UUID author, String booking, World w) {
    return insertDirectly(author, booking, w, "note", "{\"text\": \"direct\"}");
  }

  private int insertPhotoDirectly(UUID author, String booking, World w, String photoRef) {
    return insertDirectly(author, booking, w, "photo", "{\"photoRef\": \"" + photoRef + "\"}");
  }

  private int insertDirectly(UUID author, String booking, World w, String kind, String payload) {
    return asIdentity(
        author,
        null,
        now(),
        db ->
            db.sql(
                    """
                  insert into care_actions (client_id, booking_id, business_id,
                    household_id, author_id, kind, device_time, received_at, payload)
                  values (?, ?::uuid, ?::uuid, ?::uuid, ?, ?, ?, ?, cast(? as jsonb))
                  """)
                .params(
                    UUID.randomUUID(),
                    booking,
                    w.business(),
                    w.household(),
                    author,
                    kind,
                    Timestamp.from(now()),
                    Timestamp.from(now()),
                    payload)
                .update());
  }

  private int as(UUID user, String sql, String booking) {
    return asIdentity(
        user, null, db -> db.sql(sql.replace("?", "?::uuid")).param(booking).update());
  }
}
