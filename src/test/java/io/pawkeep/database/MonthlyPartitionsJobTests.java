package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.testing.ApiTestSupport;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The monthly partitions of the audit trail and the care log are made ahead of time by one node
 * (V49, R__99_partitions.sql, database/MonthlyPartitions), each as closed to direct access as its
 * parent's rules require; the DEFAULT partition takes a row whose month nobody made.
 */
class MonthlyPartitionsJobTests extends ApiTestSupport {

  @Autowired OwnerDatabase schemaOwner;

  @Test
  void theJobMakesThisMonthAndTheNextThreeOnceEachClosedToTheApplicationRole() {
    // A year no other test reaches, so the months are surely missing (the shared test clock stays).
    int year = 3000 + ThreadLocalRandom.current().nextInt(5000);
    MonthlyPartitions job =
        new MonthlyPartitions(
            schemaOwner, Clock.fixed(Instant.parse(year + "-01-31T23:59:59Z"), ZoneOffset.UTC));

    List<String> expected = new ArrayList<>();
    for (String table : List.of("audit_events", "care_actions")) {
      for (int month = 1; month <= 1 + MonthlyPartitions.MONTHS_AHEAD; month++) {
        expected.add(table + "_p" + year + "_" + String.format("%02d", month));
      }
    }
    assertThat(job.make()).containsExactlyElementsOf(expected);
    assertThat(job.make()).as("a second run makes nothing").isEmpty();

    for (String partition : expected) {
      assertThat(
              schemaOwner
                  .jdbc()
                  .sql(
                      """
                      select c.relrowsecurity and c.relforcerowsecurity
                             and c.relispartition
                             and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
                             and not has_table_privilege('pawkeep_app', c.oid,
                                                         'select, insert, update, delete')
                        from pg_class c where c.oid = cast(? as regclass)
                      """)
                  .param(partition)
                  .query(Boolean.class)
                  .single())
          .as(partition)
          .isTrue();
    }
    User someone = signedInUser("partition-reader");
    assertThatThrownBy(
            () ->
                asRequest(
                    someone,
                    sql ->
                        sql.sql("select count(*) from " + expected.get(0))
                            .query(Long.class)
                            .single()))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied");
  }

  @Test
  void aRowOfAMonthNobodyMadeLandsInTheDefaultPartitionAndThatMonthIsThenLeftThere() {
    int year = 3000 + ThreadLocalRandom.current().nextInt(5000);
    Instant at = Instant.parse(year + "-06-15T12:00:00Z");
    // In a transaction rolled back at the end: the row is no real chain's.
    schemaOwner
        .transaction()
        .executeWithoutResult(
            tx -> {
              UUID chain = UUID.randomUUID();
              schemaOwner
                  .jdbc()
                  .sql("insert into audit_event_keys (chain_id, seq, occurred_at) values (?, 1, ?)")
                  .params(chain, at.atOffset(ZoneOffset.UTC))
                  .update();
              String landed =
                  schemaOwner
                      .jdbc()
                      .sql(
                          """
                          insert into audit_events (chain_id, seq, occurred_at, action, detail,
                                                    prev_hash, hash, form)
                          values (?, 1, ?, 'test.stranded', '{}', '\\x00', '\\x00', 2)
                          returning tableoid::regclass::text
                          """)
                      .params(chain, at.atOffset(ZoneOffset.UTC))
                      .query(String.class)
                      .single();
              assertThat(landed).isEqualTo("audit_events_default");

              List<String> made =
                  schemaOwner
                      .jdbc()
                      .sql("select pawkeep_make_month_partitions(?, ?)")
                      .params(at.atOffset(ZoneOffset.UTC), 0)
                      .query(String.class)
                      .list();
              // The care log's month is made; the trail's stays in DEFAULT, which still holds it.
              assertThat(made).containsExactly("care_actions_p" + year + "_06");
              tx.setRollbackOnly();
            });
  }

  @Test
  void theScheduledRunIsLockedToOneNodeAndItsClassCanBeProxied() throws Exception {
    var run = MonthlyPartitions.class.getDeclaredMethod("scheduledRun");
    assertThat(run.isAnnotationPresent(Scheduled.class)).isTrue();
    assertThat(run.getAnnotation(SchedulerLock.class).name()).isEqualTo("monthly-partitions");
    assertThat(Modifier.isFinal(MonthlyPartitions.class.getModifiers())).isFalse();
  }
}
