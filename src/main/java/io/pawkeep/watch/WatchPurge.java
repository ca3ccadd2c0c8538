package io.pawkeep.watch;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets what the rules no longer need (LOG-3, data minimisation): sign-in attempts older than the
 * longest sign-in window, daily tallies older than the baseline. Every person's rows are due, so
 * this runs as the schema owner. Alerts stay: operators close them, the trail records them.
 */
@Component
class WatchPurge {

  private static final Logger log = LoggerFactory.getLogger(WatchPurge.class);

  private final JdbcClient owner;
  private final WatchProperties settings;
  private final Clock clock;

  WatchPurge(OwnerDatabase owner, WatchProperties settings, Clock clock) {
    this.owner = owner.jdbc();
    this.settings = settings;
    this.clock = clock;
  }

  /** Removes what is past its use; answers how many rows. */
  int run() {
    int attempts =
        owner
            .sql("delete from watch_sign_ins where at < :before")
            .param("before", Instants.timestamp(clock.instant().minus(settings.longestWindow())))
            .update();
    int days =
        owner
            .sql("delete from watch_activity where day < :before")
            .param(
                "before",
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                    .minusDays(settings.baselineDays()))
            .update();
    if (attempts + days > 0) {
      log.info("Forgot {} sign-in attempt(s) and {} daily tally(ies)", attempts, days);
    }
    return attempts + days;
  }

  @SchedulerLock(name = "watch-purge", lockAtMostFor = "PT30M", lockAtLeastFor = "PT1M")
  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT5M")
  void scheduledRun() {
    run();
  }
}
