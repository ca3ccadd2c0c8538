package io.pawkeep.privacy;

import io.pawkeep.database.OwnerDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes short-lived records past their retention ({@link RetentionProperties}, PRIV-2). They
 * belong to every tenant and account, so this runs as the schema owner, and by the database's clock
 * like the other purges.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
class RetentionPurge {

  private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

  private final JdbcClient owner;
  private final RetentionProperties retention;

  RetentionPurge(OwnerDatabase owner, RetentionProperties retention) {
    this.owner = owner.jdbc();
    this.retention = retention;
  }

  /** Deletes what is due; answers how many rows per kind. */
  Map<String, Long> run() {
    Map<String, Long> removed = new LinkedHashMap<>();
    // The tables belong to other modules; the one statement is in R__99_erasure.sql.
    owner
        .sql(
            "select kind, removed from pawkeep_retention_purge(cast(:buckets as interval),"
                + " cast(:sessions as interval), cast(:links as interval))")
        .param("buckets", retention.rateLimitRows().toString())
        .param("sessions", retention.endedSessions().toString())
        .param("links", retention.oneTimeLinks().toString())
        .query((rs, n) -> removed.put(rs.getString(1), rs.getLong(2)))
        .list();
    if (removed.values().stream().anyMatch(n -> n > 0)) {
      log.info("Retention purge removed {}", removed);
    }
    return removed;
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "retention-purge", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
  @Scheduled(
      fixedDelayString = "${pawkeep.retention.purge-interval:PT6H}",
      initialDelayString = "${pawkeep.retention.purge-interval:PT6H}")
  void scheduledRun() {
    run();
  }
}
