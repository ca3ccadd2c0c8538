package io.pawkeep.billing;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.time.Clock;
import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets stored Idempotency-Key answers after a day: a client retries within minutes, and the
 * answers (invoices with amounts) should not be kept longer than that purpose needs. The keys of
 * every caller are due, so this runs as the schema owner, like the documents' purge.
 */
@Component
class IdempotencyKeyPurge {

  /**
   * How long a key's first answer is replayed by default ({@code
   * pawkeep.retention.idempotency-keys}).
   */
  static final Duration KEPT = Duration.ofHours(24);

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

  private final JdbcClient owner;
  private final Clock clock;
  private final Duration kept;

  IdempotencyKeyPurge(
      OwnerDatabase owner,
      Clock clock,
      @Value("${pawkeep.retention.idempotency-keys:PT24H}") Duration kept) {
    this.owner = owner.jdbc();
    this.clock = clock;
    this.kept = kept;
  }

  /** Removes the keys older than the retention ({@link #KEPT} by default); returns how many. */
  int run() {
    int removed =
        owner
            .sql("delete from idempotency_keys where created_at < :before")
            .param("before", Instants.timestamp(clock.instant().minus(kept)))
            .update();
    if (removed > 0) {
      log.info("Forgot {} idempotency keys older than {}", removed, kept);
    }
    return removed;
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "idempotency-key-purge", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
  void scheduledRun() {
    run();
  }
}
