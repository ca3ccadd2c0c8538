package io.pawkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AVAIL-1: backups are kept for the retention, then deleted; the newest one always stays. */
class BackupFolderTests {

  private static final Instant NOW = Instant.parse("2026-12-01T02:30:00Z");

  @TempDir Path dir;

  @Test
  void backupsPastTheRetentionAreDeletedAndYoungerOnesKept() throws Exception {
    BackupFolder folder = new BackupFolder(dir);
    Path old = backup(folder, NOW.minus(Duration.ofDays(31)));
    Path kept = backup(folder, NOW.minus(Duration.ofDays(29)));
    Path newest = backup(folder, NOW);

    List<Path> deleted = folder.deleteOlderThan(NOW.minus(Duration.ofDays(30)));

    assertThat(deleted).containsExactly(old);
    assertThat(folder.backups()).containsExactly(newest, kept);
  }

  @Test
  void theNewestBackupIsNeverDeletedEvenWhenPastTheRetention() throws Exception {
    BackupFolder folder = new BackupFolder(dir);
    Path older = backup(folder, NOW.minus(Duration.ofDays(90)));
    Path newest = backup(folder, NOW.minus(Duration.ofDays(60)));

    folder.deleteOlderThan(NOW.minus(Duration.ofDays(30)));

    assertThat(folder.backups()).containsExactly(newest);
    assertThat(older).doesNotExist();
  }

  @Test
  void aBackupThatNeverCompletedIsNotABackupAndIsCleanedUp() throws Exception {
    BackupFolder folder = new BackupFolder(dir);
    BackupFolder.Pending abandoned = folder.start(NOW.minus(Duration.ofDays(40)));
    Files.setLastModifiedTime(
        abandoned.partial(), java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(40))));
    Path done = backup(folder, NOW);

    assertThat(folder.backups()).containsExactly(done);
    folder.deleteOlderThan(NOW.minus(Duration.ofDays(30)));
    assertThat(abandoned.partial()).doesNotExist();
    assertThat(Files.getPosixFilePermissions(dir))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
  }

  private static Path backup(BackupFolder folder, Instant at) throws Exception {
    BackupFolder.Pending pending = folder.start(at);
    Files.writeString(pending.partial(), "sealed bytes");
    return pending.complete();
  }
}
