package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the newest base backups are kept, and with them exactly the archived WAL they need
 * (AVAIL-1): files before the oldest kept backup's start go, whatever their timeline, as
 * pg_archivecleanup decides; timeline history files and anything that is not WAL stay.
 */
class BaseBackupPruningTests {

  @TempDir Path dataDir;

  @Test
  void pruningKeepsTheNewestBaseBackupsAndOnlyTheWalTheyNeed() throws Exception {
    Path archive = Files.createDirectories(dataDir.resolve("wal-archive"));
    BaseBackups backups = new BaseBackups(dataDir.resolve("base-backups"), archive);
    BaseBackup oldest = backup(backups, "a", 1, "000000010000000000000003");
    backup(backups, "b", 2, "000000010000000000000008");
    BaseBackup newest = backup(backups, "c", 3, "00000002000000000000000A");
    for (String name :
        new String[] {
          "000000010000000000000003",
          "000000010000000000000007",
          "000000010000000000000007.00000028.backup",
          "000000010000000000000008",
          "000000010000000000000009.partial",
          "00000002000000000000000A",
          "00000002.history",
          "notes.txt"
        }) {
      Files.writeString(archive.resolve(name), name);
    }

    backups.prune(2);

    assertThat(backups.list()).extracting(BaseBackup::folder).doesNotContain(oldest.folder());
    assertThat(backups.list()).hasSize(2).last().isEqualTo(newest);
    assertThat(oldest.folder()).doesNotExist();
    try (Stream<Path> left = Files.list(archive)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "000000010000000000000008",
              "000000010000000000000009.partial",
              "00000002000000000000000A",
              "00000002.history",
              "notes.txt");
    }
  }

  private static BaseBackup backup(BaseBackups backups, String name, int minute, String wal)
      throws Exception {
    Path folder = Files.createDirectories(backups.directory().resolve(name).resolve("data"));
    Instant at = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * minute);
    BaseBackup backup = new BaseBackup(folder.getParent(), at, at.plusSeconds(5), wal);
    backup.describe();
    return backup;
  }
}
