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
import java.util.ArrayList;
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
  private final ObjectStoreBackups objectStore;

  Backups(
      OwnerDatabase owner,
      BackupKey key,
      BackupFolder folder,
      BackupProperties properties,
      Clock clock,
      ObjectStoreBackups objectStore) {
    this.owner = owner;
    this.key = key;
    this.folder = folder;
    this.properties = properties;
    this.clock = clock;
    this.objectStore = objectStore;
  }

  record Taken(Path file, long bytes, Manifest manifest) {}

  /** A backup where {@code pawkeep.backup.store} puts it: a file, or {@code object-store:<key>}. */
  record Placed(String location, long bytes, Manifest manifest) {}

  /**
   * Takes a backup now and puts it in its store: left in the folder, or, with the object store,
   * streamed up under {@code backups/} and removed from the folder (AVAIL-1).
   */
  Placed takeToStore() throws IOException, SQLException {
    Taken taken = take();
    if (properties.store() == BackupProperties.Store.FOLDER) {
      return new Placed(taken.file().toString(), taken.bytes(), taken.manifest());
    }
    try {
      String stored = objectStore.upload(taken.file());
      return new Placed(ObjectStoreBackups.SCHEME + stored, taken.bytes(), taken.manifest());
    } finally {
      // A failed upload leaves no sealed copy behind in the folder either.
      Files.deleteIfExists(taken.file());
    }
  }

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

  /**
   * Deletes the backups older than the retention, never the newest, in the folder and, with the
   * object store, there too.
   */
  List<String> deleteExpired() throws IOException {
    Instant before = clock.instant().minus(properties.keep());
    List<String> deleted = new ArrayList<>();
    folder.deleteOlderThan(before).forEach(f -> deleted.add(f.toString()));
    if (properties.store() == BackupProperties.Store.OBJECT_STORE) {
      objectStore.deleteOlderThan(before).forEach(k -> deleted.add(ObjectStoreBackups.SCHEME + k));
    }
    return deleted;
  }

  // With several nodes this runs once across them under the scheduler lock "backup".
  @SchedulerLock(name = "backup", lockAtMostFor = "PT6H", lockAtLeastFor = "PT10M")
  @Scheduled(cron = "${pawkeep.backup.schedule:0 30 2 * * *}", zone = "UTC")
  void daily() {
    try {
      Placed taken = takeToStore();
      log.info(
          "Backup written: {} ({} bytes, {} tables, {} rows)",
          taken.location(),
          taken.bytes(),
          taken.manifest().tables().size(),
          taken.manifest().rows());
      List<String> deleted = deleteExpired();
      if (!deleted.isEmpty()) {
        log.info("Deleted {} backup file(s) past the retention", deleted.size());
      }
    } catch (IOException | SQLException | RuntimeException e) {
      log.error("The scheduled backup failed", e);
    }
  }
}
