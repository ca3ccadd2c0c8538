package io.pawkeep.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Point-in-time recovery of the embedded database (AVAIL-1): continuous WAL archiving into {@code
 * archiveDir} ({@code <data-dir>/wal-archive} unless set, ideally another disk), a base backup into
 * {@code baseBackupDir} ({@code <data-dir>/base-backups} unless set) every {@code baseBackupEvery},
 * the newest {@code keepBaseBackups} kept and the WAL older than the oldest of them pruned. {@code
 * archiveTimeout} bounds how long a written change can wait before its WAL file is archived (the
 * recovery point). Off for an external database (its provider's PITR applies) and for a database
 * started clean, which is thrown away anyway.
 */
@ConfigurationProperties("pawkeep.pitr")
public record PitrProperties(
    @DefaultValue("true") Boolean enabled,
    Path archiveDir,
    Path baseBackupDir,
    @DefaultValue("60s") Duration archiveTimeout,
    @DefaultValue("1d") Duration baseBackupEvery,
    @DefaultValue("7") Integer keepBaseBackups) {

  public PitrProperties {
    // An empty PAWKEEP_PITR_... takes the default, as a missing one does.
    enabled = enabled == null || enabled;
    archiveTimeout = archiveTimeout == null ? Duration.ofSeconds(60) : archiveTimeout;
    baseBackupEvery = baseBackupEvery == null ? Duration.ofDays(1) : baseBackupEvery;
    keepBaseBackups = keepBaseBackups == null ? 7 : keepBaseBackups;
    if (archiveTimeout.isNegative() || archiveTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("pawkeep.pitr.archive-timeout must be at least 1s");
    }
    if (baseBackupEvery.toMinutes() < 1) {
      throw new IllegalArgumentException("pawkeep.pitr.base-backup-every must be at least 1m");
    }
    if (keepBaseBackups < 1) {
      throw new IllegalArgumentException("pawkeep.pitr.keep-base-backups must be at least 1");
    }
  }

  /** Whether the embedded server archives its WAL: asked for, embedded, and not thrown away. */
  boolean activeFor(DatabaseProperties database) {
    return enabled && database.embedded() && !database.cleanEmbedded();
  }

  WalArchive archive(Path dataDir) {
    return new WalArchive(
        archiveDir == null ? dataDir.resolve("wal-archive") : archiveDir, archiveTimeout);
  }

  Path baseBackups(Path dataDir) {
    return (baseBackupDir == null ? dataDir.resolve("base-backups") : baseBackupDir)
        .toAbsolutePath()
        .normalize();
  }
}
