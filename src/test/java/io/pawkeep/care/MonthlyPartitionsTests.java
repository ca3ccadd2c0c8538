package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.audit.AuditVerifier;
import io.pawkeep.audit.VerificationResult;
import io.pawkeep.database.OwnerDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail (LOG-1) and the care log (DOM-6) are partitioned by UTC month (V49,
 * R__99_partitions.sql). Across a month's turn: rows land in each month's partition, a chain's
 * first event of a month links to the previous month's last one and the chain verifies, the old
 * month stays append-only, a care batch replayed next month is still a replay, and the lookups use
 * the partitions' indexes, pruned by month where the query names the month.
 */
class MonthlyPartitionsTests extends CareTestSupport {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy_MM");

  @Autowired OwnerDatabase schemaOwner;
  @Autowired AuditVerifier verifier;
  @Autowired AuditTrail trail;

  @Test
  void aCareBatchReplayedAcrossTheMonthsTurnIsStillAReplayAndEachMonthLandsInItsPartition() {
    // The test clock moves to 30 minutes before the next UTC month; the job makes both months.
    Instant turn =
        clock
            .instant()
            .atOffset(ZoneOffset.UTC)
            .with(TemporalAdjusters.firstDayOfNextMonth())
            .truncatedTo(ChronoUnit.DAYS)
            .toInstant();
    clock.set(turn.minus(30, ChronoUnit.MINUTES));
    makePartitions(clock.instant(), 1);
    String oldMonth =
        "care_actions_p" + MONTH.format(turn.minusSeconds(1).atOffset(ZoneOffset.UTC));
    String newMonth = "care_actions_p" + MONTH.format(turn.atOffset(ZoneOffset.UTC));

    World w = world();
    String booking = walkersBooking(w);
    Instant before = now();
    assertThat(before).isBefore(turn);
    List<Map<String, Object>> lastMonths =
        List.of(
            item(booking, "check_in", before, Map.of()),
            item(booking, "feeding", before.plusSeconds(60), Map.of("food", "kibble")));
    List<JsonNode> first = outcomes(w.walker(), lastMonths);
    assertThat(first).allMatch(o -> o.path("outcome").asString().equals("accepted"));

    clock.set(turn.plus(10, ChronoUnit.MINUTES));
    User walker = again(w.walker());
    Instant after = now();
    Map<String, Object> correction =
        new HashMap<>(item(booking, "feeding", after, Map.of("food", "wet food")));
    correction.put("supersedes", lastMonths.get(1).get("clientId"));
    List<Map<String, Object>> thisMonths =
        List.of(item(booking, "note", after, Map.of("text", "all well")), correction);
    assertThat(outcomes(walker, thisMonths))
        .allMatch(o -> o.path("outcome").asString().equals("accepted"));

    // The replay of last month's batch writes nothing and answers last month's receipt.
    List<JsonNode> replay = outcomes(walker, lastMonths);
    for (int k = 0; k < lastMonths.size(); k++) {
      assertThat(replay.get(k).path("outcome").asString()).isEqualTo("duplicate");
      assertThat(replay.get(k).path("receivedAt")).isEqualTo(first.get(k).path("receivedAt"));
    }
    // The same client id with other content is a conflict, not a second entry next month.
    Map<String, Object> altered =
        item(
            (String) lastMonths.get(0).get("clientId"),
            booking,
            "note",
            after,
            Map.of("text", "x"));
    assertThat(outcomes(walker, List.of(altered)).get(0).path("reason").asString())
        .isEqualTo("conflict");

    assertThat(partitionsOf("care_actions", "booking_id", UUID.fromString(booking)))
        .containsExactlyInAnyOrderEntriesOf(Map.of(oldMonth, 2L, newMonth, 2L));
    assertThat(careLog(walker, booking).items()).hasSize(4);

    // Last month's entries stay append-only: through the parent and on the partition itself.
    String oldEntry = (String) lastMonths.get(0).get("clientId");
    assertThatThrownBy(
            () ->
                schemaOwner
                    .jdbc()
                    .sql("update care_actions set payload = '{}' where client_id = ?")
                    .param(UUID.fromString(oldEntry))
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                schemaOwner
                    .jdbc()
                    .sql("delete from care_actions where client_id = ?")
                    .param(UUID.fromString(oldEntry))
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("append-only");
    for (String statement :
        List.of(
            "update care_actions set payload = '{}' where client_id = ?",
            "delete from care_actions where client_id = ?",
            "delete from " + oldMonth + " where client_id = ?",
            "select count(*) from " + oldMonth + " where client_id = ?")) {
      assertThatThrownBy(
              () ->
                  asRequest(
                      walker, sql -> sql.sql(statement).param(UUID.fromString(oldEntry)).update()))
          .as(statement)
          .isInstanceOf(DataAccessException.class)
          .rootCause()
          .hasMessageContaining("permission denied");
    }
    assertThat(partitionsOf("care_actions", "booking_id", UUID.fromString(booking)))
        .containsExactlyInAnyOrderEntriesOf(Map.of(oldMonth, 2L, newMonth, 2L));

    // The sync's lookup by client id and the log's by booking read indexes, never a whole month
    // (the
    // policies' own reads of small tables such as bookings are the planner's choice, not checked);
    // a query naming the month reads that month's partition only.
    String ids = "'{" + oldEntry + "," + thisMonths.get(0).get("clientId") + "}'";
    String byIds =
        plan(
            walker,
            "select client_id, booking_id from care_actions"
                + " where client_id = any ("
                + ids
                + "::uuid[])");
    assertThat(byIds).contains("Index").doesNotContain("Seq Scan on care_actions");
    String byBooking =
        plan(
            walker,
            "select client_id from care_actions where booking_id = '"
                + booking
                + "' order by device_time, client_id");
    assertThat(byBooking).contains("Index").doesNotContain("Seq Scan on care_actions");
    String thisMonth =
        plan(
            walker,
            "select client_id from care_actions where booking_id = '"
                + booking
                + "' and received_at >= '"
                + turn
                + "'");
    assertThat(thisMonth)
        .contains(newMonth)
        .doesNotContain(oldMonth)
        .doesNotContain("Seq Scan on care_actions");
  }

  @Test
  void aChainRunsOnAcrossTheMonthsTurnVerifiesAndItsOldMonthStaysAppendOnly() {
    // The trail's times are the database's clock (LOG-5), which no test moves: last month's
    // events are written as the schema owner the way pawkeep_audit_append writes them, with last
    // month's time; this month's through the application's own path.
    OffsetDateTime thisMonthStart =
        schemaOwner
            .jdbc()
            .sql("select date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'")
            .query(OffsetDateTime.class)
            .single();
    Instant lastMonthEnd = thisMonthStart.toInstant().minus(1, ChronoUnit.DAYS);
    makePartitions(lastMonthEnd, 0);
    String oldMonth = "audit_events_p" + MONTH.format(lastMonthEnd.atOffset(ZoneOffset.UTC));
    String newMonth = "audit_events_p" + MONTH.format(thisMonthStart);

    UUID chain = UUID.randomUUID();
    schemaOwner
        .jdbc()
        .sql(
            """
            do $$
            declare
              v_seq bigint;
              v_prev bytea;
              v_at timestamptz;
              v_hash bytea;
            begin
              for i in 1 .. 3 loop
                insert into audit_chain_heads as h (chain_id, seq, hash)
                values ('%1$s', 0, decode(repeat('00', 32), 'hex'))
                on conflict (chain_id) do update set seq = h.seq
                returning h.seq + 1, h.hash into v_seq, v_prev;
                v_at := date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
                        - interval '1 hour' + i * interval '1 minute';
                v_hash := sha256(v_prev || pawkeep_audit_entry('%1$s', v_seq, v_at, null,
                                                               'pet.viewed', 'pet', 'p-1', null,
                                                               '{}'));
                insert into audit_event_keys (chain_id, seq, occurred_at)
                values ('%1$s', v_seq, v_at);
                insert into audit_events (chain_id, seq, occurred_at, action, target_type,
                                          target_id, detail, prev_hash, hash, form)
                values ('%1$s', v_seq, v_at, 'pet.viewed', 'pet', 'p-1', '{}', v_prev, v_hash, 2);
                update audit_chain_heads set seq = v_seq, hash = v_hash where chain_id = '%1$s';
              end loop;
            end
            $$
            """
                .formatted(chain))
        .update();

    User alice = signedInUser("monthly-auditor");
    for (int k = 0; k < 2; k++) {
      asRequest(
          alice,
          sql -> {
            trail.record(
                new AuditEvent(
                    chain, claim(alice, "sub"), "pet.updated", "pet", "p-1", null, null));
            return null;
          });
    }

    List<Object[]> rows =
        schemaOwner
            .jdbc()
            .sql(
                "select seq, tableoid::regclass::text, prev_hash, hash from audit_events"
                    + " where chain_id = ? order by seq")
            .param(chain)
            .query(
                (rs, n) ->
                    new Object[] {rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)})
            .list();
    assertThat(rows)
        .extracting(r -> r[1])
        .containsExactly(oldMonth, oldMonth, oldMonth, newMonth, newMonth);
    // This month's first event carries the hash of last month's last one.
    assertThat((byte[]) rows.get(3)[2]).isEqualTo((byte[]) rows.get(2)[3]);
    VerificationResult walked = verifier.verify(chain);
    assertThat(walked.intact()).as("%s", walked).isTrue();

    // Last month's events refuse any change, the owner's too, through the parent or not.
    for (String statement :
        List.of(
            "update audit_events set action = 'forged' where chain_id = ? and seq = 2",
            "delete from audit_events where chain_id = ? and seq = 1")) {
      assertThatThrownBy(() -> schemaOwner.jdbc().sql(statement).param(chain).update())
          .as(statement)
          .isInstanceOf(DataAccessException.class)
          .rootCause()
          .hasMessageContaining("append-only");
    }
    for (String statement :
        List.of(
            "update audit_events set action = 'forged' where chain_id = ?",
            "delete from audit_events where chain_id = ?",
            "delete from " + oldMonth + " where chain_id = ?",
            "select count(*) from " + oldMonth + " where chain_id = ?",
            "insert into audit_event_keys (chain_id, seq, occurred_at) values (?, 9, now())")) {
      assertThatThrownBy(() -> asRequest(alice, sql -> sql.sql(statement).param(chain).update()))
          .as(statement)
          .isInstanceOf(DataAccessException.class)
          .rootCause()
          .hasMessageContaining("permission denied");
    }
    // (chain, seq) stays unique across months: the owner cannot add seq 2 again this month.
    assertThatThrownBy(
            () ->
                schemaOwner
                    .jdbc()
                    .sql(
                        "insert into audit_event_keys (chain_id, seq, occurred_at)"
                            + " values (?, 2, now())")
                    .param(chain)
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("audit_event_keys_pkey");
    VerificationResult after = verifier.verify(chain);
    assertThat(after.intact()).as("%s", after).isTrue();

    // A query naming the month reads that month's partition only, by its index.
    String plan =
        plan(
            alice,
            "select seq, hash from audit_events where chain_id = '"
                + chain
                + "' and occurred_at >= '"
                + thisMonthStart
                + "' order by seq desc limit 1");
    assertThat(plan)
        .contains(newMonth)
        .doesNotContain(oldMonth)
        .doesNotContain("Seq Scan on audit_events");
  }

  /** What the scheduled job does (database/MonthlyPartitions), for the month of {@code at}. */
  private List<String> makePartitions(Instant at, int ahead) {
    return schemaOwner
        .jdbc()
        .sql("select pawkeep_make_month_partitions(?, ?)")
        .params(at.atOffset(ZoneOffset.UTC), ahead)
        .query(String.class)
        .list();
  }

  /** Rows per partition, read as the schema owner through the parent. */
  private Map<String, Long> partitionsOf(String table, String column, UUID value) {
    Map<String, Long> counts = new HashMap<>();
    schemaOwner
        .jdbc()
        .sql(
            "select tableoid::regclass::text, count(*) from "
                + table
                + " where "
                + column
                + " = ? group by 1")
        .param(value)
        .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
        .list();
    return counts;
  }

  /** The plan of {@code query} run as the application role, in a request of {@code user}. */
  private String plan(User user, String query) {
    return asRequest(
        user,
        sql -> {
          List<String> lines =
              new ArrayList<>(sql.sql("explain " + query).query(String.class).list());
          return String.join("\n", lines);
        });
  }
}
