package io.pawkeep.backup;

import io.pawkeep.database.OwnerDatabase;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
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
import org.springframework.stereotype.Component;

/**
 * Takes backups (AVAIL-1): every table of the schema in one read-only, repeatable-read transaction
 * as the schema owner (row-level security lets the owner see every tenant), copied with {@code
 * COPY} through the driver (the bundled PostgreSQL has no {@code pg_dump}), sealed with the backup
 * key as it is written, so no plaintext ever reaches the disk. Daily by default, then backups older
 * than {@code pawkeep.backup.keep} are deleted.
 */
@Component
class Backups {

  private static final Logger log = LoggerFactory.getLogger(Backups.class);

  private final OwnerDatabase owner;
  private final BackupKey key;
  private final BackupFolder folder;
  private final BackupProperties properties;
  private final Clock clock;

  Backups(
      OwnerDatabase owner,
      BackupKey key,
      BackupFolder folder,
      BackupProperties properties,
      Clock clock) {
    this.owner = owner;
    this.key = key;
    this.folder = folder;
    this.properties = properties;
    this.clock = clock;
  }

  record Taken(Path file, long bytes, Manifest manifest) {}

  /** Takes a backup now into the backup folder. */
  Taken take() throws IOException, SQLException {
    Instant now = clock.instant();
    BackupFolder.Pending pending = folder.start(now);
    try {
      Manifest manifest;
      try (OutputStream file = Files.newOutputStream(pending.partial());
          OutputStream sealed = key.sealing(file);
          Connection c = owner.connect()) {
        manifest = snapshot(c, sealed, now);
      }
      Path done = pending.complete();
      return new Taken(done, Files.size(done), manifest);
    } catch (IOException | SQLException | RuntimeException e) {
      pending.abandon();
      throw e;
    }
  }

  private static Manifest snapshot(Connection c, OutputStream sealed, Instant now)
      throws IOException, SQLException {
    c.setAutoCommit(false);
    c.setReadOnly(true);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      BufferedOutputStream buffered = new BufferedOutputStream(sealed, 1 << 16);
      Manifest manifest = BackupFormat.write(c, buffered, now);
      buffered.flush();
      return manifest;
    } finally {
      c.rollback();
    }
  }

  /** Deletes the backups older than the retention, never the newest. */
  List<Path> deleteExpired() throws IOException {
    return folder.deleteOlderThan(clock.instant().minus(properties.keep()));
  }

  // With several nodes this runs once across them under the scheduler lock "backup".
  @SchedulerLock(name = "backup", lockAtMostFor = "PT6H", lockAtLeastFor = "PT10M")
  @Scheduled(cron = "${pawkeep.backup.schedule:0 30 2 * * *}", zone = "UTC")
  void daily() {
    try {
      Taken taken = take();
      log.info(
          "Backup written: {} ({} bytes, {} tables, {} rows)",
          taken.file().getFileName(),
          taken.bytes(),
          taken.manifest().tables().size(),
          taken.manifest().rows());
      List<Path> deleted = deleteExpired();
      if (!deleted.isEmpty()) {
        log.info("Deleted {} backup file(s) past the retention", deleted.size());
      }
    } catch (IOException | SQLException | RuntimeException e) {
      log.error("The scheduled backup failed", e);
    }
  }
}
