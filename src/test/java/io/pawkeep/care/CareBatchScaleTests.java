package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.OwnerDatabase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judging a care batch costs what the batch is, not what the platform holds (issue 15, DOM-6): the
 * database pages its window lookup reads, counted by {@code explain (analyze, buffers)} as the
 * application role, stay the same with thousands more clients. Pages, never time: the count does
 * not depend on the machine's load.
 */
class CareBatchScaleTests extends CareTestSupport {

  private static final int MORE_CLIENTS = 2000;

  @Autowired OwnerDatabase schemaOwner;
  @Autowired JsonMapper json;

  @Test
  void aBatchsWindowsReadAsManyPagesWithThousandsMoreClientsOfTheBusiness() {
    World w = world();
    String booking = walkersBooking(w);
    analyze(); // the plans then follow the data, not what the earlier tests left unanalysed
    long before = windowPages(w, booking);
    addClients(w, MORE_CLIENTS);
    long after = windowPages(w, booking);
    // A key lookup may gain a level of its index; reading the clients cost thousands more.
    assertThat(after - before).as("pages read before %d, after %d", before, after).isLessThan(4);
    // Still the same judgement: the walker's window is open, and the sync stores the entry.
    assertThat(outcomes(w.walker(), List.of(item(booking, "note", now(), Map.of("text", "ok")))))
        .extracting(CareBatchScaleTests::reason)
        .containsExactly("accepted:");
  }

  @Test
  void aBatchsStoredEntriesLookupReadsAsManyPagesWithAYearMoreOfMonthlyPartitions() {
    World w = world();
    String booking = walkersBooking(w);
    analyze(); // as above: the plans follow the data, before and after the new months
    long before = lookupPages(w, booking, STORED_LOOKUP);
    makePartitions(now().plus(120, ChronoUnit.DAYS), 12);
    analyze();
    long after = lookupPages(w, booking, STORED_LOOKUP);
    // Ten new ids: ten probes of the claims' key, whatever the number of months.
    assertThat(after - before).as("pages read before %d, after %d", before, after).isLessThan(4);
  }

  private static final String STORED_LOOKUP =
      "select * from pawkeep_care_sync_stored(cast(:author as uuid), cast(? as uuid[]),"
          + " null, null, null, null, null)";

  /** Pages read looking up ten new client ids, warm (the second call of a session). */
  private long lookupPages(World w, String booking, String query) {
    UUID[] ids = new UUID[10];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = UUID.randomUUID();
    }
    return asCaller(
        w.walker(),
        now(),
        db -> {
          String plan = "";
          for (int k = 0; k < 2; k++) {
            plan =
                db.sql(
                        "explain (analyze, buffers, format json) "
                            + query.replace(":author", "'" + w.walkerId() + "'"))
                    .param(ids)
                    .query(String.class)
                    .single();
          }
          JsonNode top = json.readTree(plan).path(0).path("Plan");
          assertThat(top.path("Actual Rows").asLong()).isZero();
          return top.path("Shared Hit Blocks").asLong() + top.path("Shared Read Blocks").asLong();
        });
  }

  private void makePartitions(Instant at, int ahead) {
    schemaOwner
        .jdbc()
        .sql("select pawkeep_make_month_partitions(?, ?)")
        .params(at.atOffset(ZoneOffset.UTC), ahead)
        .query(String.class)
        .list();
  }

  /** Pages read by the windows of a one-booking batch, warm (the second call of a session). */
  private long windowPages(World w, String booking) {
    return asCaller(
        w.walker(),
        now(),
        db -> {
          String plan = "";
          for (int k = 0; k < 2; k++) {
            plan =
                db.sql(
                        "explain (analyze, buffers, format json) select * from"
                            + " pawkeep_care_log_windows(cast(? as uuid[]))")
                    .param(new UUID[] {UUID.fromString(booking)})
                    .query(String.class)
                    .single();
          }
          JsonNode top = json.readTree(plan).path(0).path("Plan");
          assertThat(top.path("Actual Rows").asLong()).isEqualTo(1);
          return top.path("Shared Hit Blocks").asLong() + top.path("Shared Read Blocks").asLong();
        });
  }

  /** {@code count} more active client households of the world's business, by the schema owner. */
  private void addClients(World w, int count) {
    schemaOwner
        .jdbc()
        .sql(
            """
            with added as (
              insert into households (id, name, created_at, created_by)
              select gen_random_uuid(), 'Scale ' || g, now(), cast(:owner as uuid)
                from generate_series(1, :count) g
              returning id)
            insert into business_clients (business_id, household_id, status, granted_at,
                                          granted_by)
            select cast(:business as uuid), id, 'active', now(), cast(:owner as uuid) from added
            """)
        .param("owner", w.walkerId())
        .param("count", count)
        .param("business", w.business())
        .update();
    analyze();
  }

  /** Fresh statistics of every table, as autovacuum keeps them on a live database. */
  private void analyze() {
    schemaOwner.jdbc().sql("analyze").update();
  }
}
