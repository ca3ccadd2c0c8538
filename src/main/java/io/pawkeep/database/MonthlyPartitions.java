package io.pawkeep.database;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes the monthly partitions of the audit trail and the care log ahead of time (V49,
 * R__99_partitions.sql): the current month's and the next {@value #MONTHS_AHEAD} months', at
 * start-up and every day, so rows land in their month's partition and not in the DEFAULT one that
 * only keeps an insert from failing. Runs as the schema owner, which owns the tables; the
 * application role can make no table.
 */
@Component
class MonthlyPartitions {

  static final int MONTHS_AHEAD = 3;

  private static final Logger log = LoggerFactory.getLogger(MonthlyPartitions.class);

  private final JdbcClient owner;
  private final Clock clock;

  MonthlyPartitions(OwnerDatabase owner, Clock clock) {
    this.owner = owner.jdbc();
    this.clock = clock;
  }

  /** At start: a node down over a month's turn makes the months it missed before serving. */
  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    try {
      make();
    } catch (RuntimeException e) {
      // Never fatal: the DEFAULT partition takes the rows meanwhile; the daily run tries again.
      log.error("Making the monthly partitions failed; rows go to the default partition", e);
    }
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks); the function also locks.
  @SchedulerLock(name = "monthly-partitions", lockAtMostFor = "PT10M", lockAtLeastFor = "PT1M")
  @Scheduled(fixedDelayString = "PT24H", initialDelayString = "PT24H")
  void scheduledRun() {
    make();
  }

  /** Makes the partitions missing for this month and the next ones; answers their names. */
  List<String> make() {
    List<String> made =
        owner
            .sql("select pawkeep_make_month_partitions(:now, :ahead)")
            .param("now", clock.instant().atOffset(ZoneOffset.UTC))
            .param("ahead", MONTHS_AHEAD)
            .query(String.class)
            .list();
    if (!made.isEmpty()) {
      log.info("Made monthly partitions {}", made);
    }
    return made;
  }
}
