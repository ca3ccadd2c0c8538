package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The sync's two calls (DOM-6, AUTHZ-5, LOG-1): {@code pawkeep_care_sync_prepare} reads a batch's
 * windows, then ({@code pawkeep_care_sync_stored}) locks its client ids and finds the entries
 * stored under them through their claims, whatever month they landed in, for the items inside their
 * window only; {@code pawkeep_care_sync_insert} writes the new entries and audits the batch. All
 * run as the caller: the log's policies decide what is found and what is written, and the audit
 * event carries the request's own identity.
 */
class CareSyncStatementsTests extends CareTestSupport {

  private static final String INSERT =
      "select pawkeep_care_sync_insert(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String STORED =
      "select client_id, same from pawkeep_care_sync_stored(?, ?, ?, ?, ?, ?, ?)";
  private static final String PREPARE =
      "select booking_id, window_from, client_id, same"
          + " from pawkeep_care_sync_prepare(?, ?, ?, ?, ?, ?, ?, ?)";

  @Autowired OwnerDatabase schemaOwner;

  @Test
  void aBatchStoredInTheLastMinutesOfAMonthIsStillAReplayNearlySevenDaysIntoTheNext() {
    Instant turn =
        clock
            .instant()
            .atOffset(ZoneOffset.UTC)
            .with(TemporalAdjusters.firstDayOfNextMonth())
            .truncatedTo(ChronoUnit.DAYS)
            .toInstant();
    clock.set(turn.minus(20, ChronoUnit.MINUTES));
    schemaOwner
        .jdbc()
        .sql("select pawkeep_make_month_partitions(?, 1)")
        .param(clock.instant().atOffset(ZoneOffset.UTC))
        .query(String.class)
        .list();
    World w = world();
    String booking = walkersBooking(w);
    Instant at = soon();
    List<Map<String, Object>> batch =
        List.of(
            item(booking, "check_in", at, Map.of()),
            item(booking, "note", at.plusSeconds(60), Map.of("text", "all well")));
    List<JsonNode> first = outcomes(w.walker(), batch);
    assertThat(first).extracting(CareSyncStatementsTests::reason).containsOnly("accepted:");

    // Six days and 23 hours after the batch, in the next month: its items are not yet too old.
    clock.set(turn.plus(6, ChronoUnit.DAYS).plus(22, ChronoUnit.HOURS));
    User walker = again(w.walker());
    List<JsonNode> replay = outcomes(walker, batch);
    for (int k = 0; k < batch.size(); k++) {
      assertThat(reason(replay.get(k))).isEqualTo("duplicate:");
      assertThat(replay.get(k).path("receivedAt")).isEqualTo(first.get(k).path("receivedAt"));
    }
    Map<String, Object> altered =
        item(
            (String) batch.get(1).get("clientId"),
            booking,
            "note",
            at.plusSeconds(60),
            Map.of("text", "x"));
    assertThat(outcomes(walker, List.of(altered)))
        .extracting(CareSyncStatementsTests::reason)
        .containsExactly("rejected:conflict");
    assertThat(
            schemaOwner
                .jdbc()
                .sql("select count(*) from care_actions where booking_id = ?")
                .param(UUID.fromString(booking))
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void anEntryOfAnotherBusinessIsNeitherFoundNorItsClaimReadByTheirWalker() {
    World w = world();
    String booking = walkersBooking(w);
    Map<String, Object> note = item(booking, "note", soon(), Map.of("text", "all well"));
    assertThat(outcomes(w.walker(), List.of(note)))
        .extracting(CareSyncStatementsTests::reason)
        .containsExactly("accepted:");
    UUID clientId = UUID.fromString((String) note.get("clientId"));

    World other = world();
    String theirs = walkersBooking(other);
    Long claims =
        asCaller(
            other.walker(),
            db ->
                db.sql("select count(*) from care_action_ids where client_id = ?")
                    .param(clientId)
                    .query(Long.class)
                    .single());
    assertThat(claims).isZero();
    List<UUID> found =
        asCaller(
            other.walker(),
            db ->
                stored(
                    db,
                    UUID.fromString(userId(other.walker())),
                    clientId,
                    UUID.fromString(booking),
                    soon()));
    assertThat(found).isEmpty();
    // Through the API: the id is taken, so the other walker's item is a conflict, never a
    // duplicate carrying the first entry's receipt.
    Map<String, Object> same =
        item(clientId.toString(), theirs, "note", soon(), Map.of("text", "all well"));
    assertThat(outcomes(other.walker(), List.of(same)))
        .extracting(CareSyncStatementsTests::reason)
        .containsExactly("rejected:conflict");
    // Its own author finds it.
    List<UUID> own =
        asCaller(
            w.walker(),
            db ->
                stored(
                    db, UUID.fromString(w.walkerId()), clientId, UUID.fromString(booking), soon()));
    assertThat(own).containsExactly(clientId);
  }

  @Test
  void theBatchsFirstCallFindsAStoredEntryForItsAssigneeInsideTheWindowOnly() {
    World w = world();
    String booking = walkersBooking(w);
    Instant at = soon();
    Map<String, Object> note = item(booking, "note", at, Map.of("text", "all well"));
    assertThat(outcomes(w.walker(), List.of(note)))
        .extracting(CareSyncStatementsTests::reason)
        .containsExactly("accepted:");
    UUID clientId = UUID.fromString((String) note.get("clientId"));
    UUID bookingId = UUID.fromString(booking);
    // Its assignee, inside the window: the window and the entry, identical.
    List<String> own =
        asCaller(w.walker(), db -> prepare(db, w.walkerId(), clientId, bookingId, at));
    assertThat(own).containsExactlyInAnyOrder("window:" + booking, "stored:" + clientId + ":true");
    // Its assignee, for a device time two days after the window: the window only.
    List<String> late =
        asCaller(
            w.walker(),
            db -> prepare(db, w.walkerId(), clientId, bookingId, at.plus(2, ChronoUnit.DAYS)));
    assertThat(late).containsExactly("window:" + booking);
    // The booking's other walker: the booking without a window, nothing found.
    List<String> colleague =
        asCaller(w.otherWalker(), db -> prepare(db, w.otherWalkerId(), clientId, bookingId, at));
    assertThat(colleague).containsExactly("closed:" + booking);
    // Another business's walker: neither the booking nor the entry.
    World other = world();
    List<String> stranger =
        asCaller(
            other.walker(), db -> prepare(db, userId(other.walker()), clientId, bookingId, at));
    assertThat(stranger).isEmpty();
  }

  @Test
  void theBatchInsertRefusesAnotherWalkerAndATimeOutsideTheWindowAndAuditsNothing() {
    World w = world();
    String booking = walkersBooking(w);
    long events = events(w.business());
    // The booking's other walker, not its assignee.
    assertThatThrownBy(
            () ->
                asCaller(
                    w.otherWalker(),
                    soon(),
                    db -> insert(db, w, w.otherWalkerId(), booking, soon(), 1)))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("row-level security");
    // Its assignee, for a device time two days after the window.
    assertThatThrownBy(
            () ->
                asCaller(
                    w.walker(),
                    soon(),
                    db -> insert(db, w, w.walkerId(), booking, soon().plus(2, ChronoUnit.DAYS), 1)))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("row-level security");
    // Another business's walker, for this booking.
    World other = world();
    assertThatThrownBy(
            () ->
                asCaller(
                    other.walker(),
                    soon(),
                    db -> insert(db, w, userId(other.walker()), booking, soon(), 1)))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("row-level security");
    assertThat(events(w.business())).isEqualTo(events);
    // Inside the window, the assignee's entry is written and the batch audited in the same call.
    Integer written =
        asCaller(w.walker(), soon(), db -> insert(db, w, w.walkerId(), booking, soon(), 1));
    assertThat(written).isEqualTo(1);
    assertThat(events(w.business())).isEqualTo(events + 1);
  }

  @Test
  void theBatchInsertAuditsForTheRequestsOwnIdentityOnly() {
    World w = world();
    String booking = walkersBooking(w);
    long events = events(w.business());
    // Nothing to insert, the audit only: named for the other walker, refused.
    assertThatThrownBy(
            () ->
                asCaller(
                    w.walker(), soon(), db -> insert(db, w, w.otherWalkerId(), booking, soon(), 0)))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("audited for");
    assertThat(events(w.business())).isEqualTo(events);
  }

  @Test
  void aRevokedSessionNeitherFindsNorWritesEntries() {
    World w = world();
    String booking = walkersBooking(w);
    Map<String, Object> note = item(booking, "note", soon(), Map.of("text", "all well"));
    assertThat(outcomes(w.walker(), List.of(note)))
        .extracting(CareSyncStatementsTests::reason)
        .containsExactly("accepted:");
    UUID clientId = UUID.fromString((String) note.get("clientId"));
    assertThat(api.delete("/api/v1/me/sessions", null, w.walker().accessToken()).status())
        .isEqualTo(204);
    long events = events(w.business());

    List<UUID> revoked =
        afterRefusedIdentity(
            w.walker(),
            db ->
                stored(
                    db, UUID.fromString(w.walkerId()), clientId, UUID.fromString(booking), soon()));
    assertThat(revoked).isEmpty();
    List<String> prepared =
        afterRefusedIdentity(
            w.walker(),
            db ->
                prepare(
                    db,
                    w.walkerId(),
                    clientId,
                    UUID.fromString(booking),
                    Instant.parse((String) note.get("deviceTime"))));
    assertThat(prepared).isEmpty();
    assertThatThrownBy(
            () ->
                afterRefusedIdentity(
                    w.walker(), db -> insert(db, w, w.walkerId(), booking, soon(), 1)))
        .isInstanceOf(DataAccessException.class);
    assertThat(sync(w.walker(), List.of(note)).status()).isEqualTo(401);
    assertThat(events(w.business())).isEqualTo(events);
  }

  /** The ids pawkeep_care_sync_stored finds for one note with {@code clientId}. */
  private static List<UUID> stored(
      JdbcClient db, UUID author, UUID clientId, UUID booking, Instant deviceTime) {
    return db.sql(STORED)
        .params(oneNote(List.of(author), clientId, booking, deviceTime))
        .query((rs, n) -> rs.getObject(1, UUID.class))
        .list();
  }

  /**
   * What pawkeep_care_sync_prepare answers for one note with {@code clientId}: "window:" or
   * "closed:" and the booking for each booking row, "stored:", the id and whether identical for
   * each stored entry.
   */
  private static List<String> prepare(
      JdbcClient db, String author, UUID clientId, UUID booking, Instant deviceTime) {
    return db.sql(PREPARE)
        .params(
            oneNote(
                List.of(UUID.fromString(author), new UUID[] {booking}),
                clientId,
                booking,
                deviceTime))
        .query(
            (rs, n) ->
                rs.getObject(3) == null
                    ? (rs.getObject(2) == null ? "closed:" : "window:") + rs.getObject(1)
                    : "stored:" + rs.getObject(3) + ":" + rs.getBoolean(4))
        .list();
  }

  /**
   * The arguments of a statement over a batch of one note with {@code clientId}: {@code leading},
   * then the item arrays (client ids, bookings, kinds, device times, payloads, superseded ids).
   */
  private static Object[] oneNote(
      List<Object> leading, UUID clientId, UUID booking, Instant deviceTime) {
    List<Object> args = new ArrayList<>(leading);
    args.addAll(
        List.of(
            new UUID[] {clientId},
            new UUID[] {booking},
            new String[] {"note"},
            new String[] {deviceTime.toString()},
            new String[] {"{\"text\": \"all well\"}"},
            new UUID[] {null}));
    return args.toArray();
  }

  /** {@code count} new notes (0 or 1) for the booking by {@code author}, audited as accepted. */
  private Integer insert(
      JdbcClient db, World w, String author, String booking, Instant deviceTime, int count) {
    UUID business = UUID.fromString(w.business());
    return db.sql(INSERT)
        .params(
            UUID.fromString(author),
            Timestamp.from(clock.instant()),
            count == 0 ? new UUID[0] : new UUID[] {UUID.randomUUID()},
            count == 0 ? new UUID[0] : new UUID[] {UUID.fromString(booking)},
            count == 0 ? new UUID[0] : new UUID[] {business},
            count == 0 ? new UUID[0] : new UUID[] {UUID.fromString(w.household())},
            count == 0 ? new String[0] : new String[] {"note"},
            count == 0 ? new String[0] : new String[] {deviceTime.toString()},
            count == 0 ? new String[0] : new String[] {"{\"text\": \"x\"}"},
            count == 0 ? new UUID[0] : new UUID[] {null},
            new UUID[] {business},
            new Integer[] {count},
            new Integer[] {0},
            new Integer[] {0})
        .query(Integer.class)
        .single();
  }

  /** The business's audit events, counted by the schema owner. */
  private long events(String business) {
    return schemaOwner
        .jdbc()
        .sql("select count(*) from audit_events where chain_id = ?")
        .param(UUID.fromString(business))
        .query(Long.class)
        .single();
  }
}
