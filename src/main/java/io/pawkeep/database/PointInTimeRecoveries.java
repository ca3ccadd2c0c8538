package io.pawkeep.database;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The running application's side of point-in-time recovery (AVAIL-1): a base backup of the live
 * embedded server when the newest is older than {@code pawkeep.pitr.base-backup-every} (checked
 * hourly, so a restart neither skips nor repeats one) or when asked, pruning to the kept count
 * after each, and recoveries from the live server's archive. Does nothing for an external database,
 * whose provider's recovery applies.
 */
class PointInTimeRecoveries {

  private static final Logger log = LoggerFactory.getLogger(PointInTimeRecoveries.class);

  private final boolean active;
  private final Path pgDir;
  private final BaseBackups backups;
  private final PointInTimeRecovery recovery;
  private final PitrProperties settings;
  private final Clock clock;

  PointInTimeRecoveries(
      boolean active,
      Path pgDir,
      BaseBackups backups,
      PointInTimeRecovery recovery,
      PitrProperties settings,
      Clock clock) {
    this.active = active;
    this.pgDir = pgDir;
    this.backups = backups;
    this.recovery = recovery;
    this.settings = settings;
    this.clock = clock;
  }

  boolean active() {
    return active;
  }

  // One node only: the embedded database has one, and the scheduler lock keeps it so.
  @SchedulerLock(name = "pitr-base-backup", lockAtMostFor = "PT2H", lockAtLeastFor = "PT5M")
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  void takeBaseBackupIfDue() {
    if (!active) {
      return;
    }
    List<BaseBackup> all = backups.list();
    Instant due =
        all.isEmpty() ? Instant.MIN : all.getLast().finishedAt().plus(settings.baseBackupEvery());
    if (!clock.instant().isBefore(due)) {
      try {
        takeBaseBackup();
      } catch (IOException | SQLException | RuntimeException e) {
        log.error("The scheduled base backup failed; it is tried again within an hour", e);
      }
    }
  }

  /** Takes a base backup now, then keeps only the newest ones and the WAL they need. */
  BaseBackup takeBaseBackup() throws IOException, SQLException {
    requireActive();
    BaseBackup taken;
    try (Connection superuser = EmbeddedDatabase.superuser(pgDir)) {
      taken = backups.take(superuser, pgDir);
    }
    int pruned = backups.prune(settings.keepBaseBackups());
    if (pruned > 0) {
      log.info("Pruned {} old base backup(s) and archived WAL file(s)", pruned);
    }
    return taken;
  }

  /** Recovers into a new folder; see {@link PointInTimeRecovery#recover}. */
  Path recover(Instant target, PrintStream out) throws IOException, SQLException {
    requireActive();
    recovery.baseBackupFor(target);
    try (Connection live = EmbeddedDatabase.superuser(pgDir)) {
      return recovery.recover(target, live, out);
    }
  }

  Path pgDir() {
    return pgDir;
  }

  private void requireActive() {
    if (!active) {
      throw new PointInTimeRecovery.Refused(
          "Point-in-time recovery needs the embedded database with pawkeep.pitr.enabled=true"
              + " (an external PostgreSQL uses its provider's recovery).");
    }
  }
}
