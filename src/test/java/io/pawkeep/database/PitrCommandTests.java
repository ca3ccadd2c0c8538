package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * The recovery command refuses, with a message that says why and exit code 1, a target no base
 * backup covers (before the oldest, in the future), a target that is not a time, and any recovery
 * when the embedded database does not archive (AVAIL-1); a refused command creates no folder and
 * never touches the live database.
 */
class PitrCommandTests {

  private static final Instant NOW = Instant.parse("2026-12-01T14:00:00Z");
  private static final Instant OLDEST_FINISHED = Instant.parse("2026-12-01T10:00:05Z");

  @TempDir Path dataDir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2026-12-01T10:00:04Z      | before the oldest base backup, so the earliest time is 2026-12-01T10:00:05Z
          2026-11-01T00:00:00+01:00 | before the oldest base backup
          2026-12-01T14:00:01Z      | in the future (now 2026-12-01T14:00:00Z)
          2026-12-01 13:05          | must be a time with its offset, for example 2026-12-01T13:05:00Z
          yesterday                 | must be a time with its offset
          """)
  void aRecoveryTargetNoBaseBackupCoversIsRefused(String target, String message) throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();

    int exit = command(true, "pawkeep.recovery.target-time", target).execute(print(said));

    assertThat(exit).isEqualTo(1);
    assertThat(said.toString(StandardCharsets.UTF_8)).contains(message);
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pg-"));
    }
  }

  @Test
  void nothingIsRecoveredOrBackedUpWhenTheDatabaseDoesNotArchive() throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();

    assertThat(
            command(false, "pawkeep.recovery.target-time", "2026-12-01T12:00:00Z")
                .execute(print(said)))
        .isEqualTo(1);
    assertThat(command(false, "pawkeep.pitr.base-backup", "now").execute(print(said))).isEqualTo(1);
    assertThat(said.toString(StandardCharsets.UTF_8))
        .contains("needs the embedded database with pawkeep.pitr.enabled=true");
  }

  private PitrCommand command(boolean active, String property, String value) throws Exception {
    Path archive = Files.createDirectories(dataDir.resolve("wal-archive"));
    BaseBackups backups = new BaseBackups(dataDir.resolve("base-backups"), archive);
    Path folder = Files.createDirectories(backups.directory().resolve("b").resolve("data"));
    new BaseBackup(
            folder.getParent(),
            OLDEST_FINISHED.minusSeconds(5),
            OLDEST_FINISHED,
            "000000010000000000000003")
        .describe();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    WalArchive wal = new WalArchive(archive, java.time.Duration.ofSeconds(60));
    PointInTimeRecoveries pitr =
        new PointInTimeRecoveries(
            active,
            dataDir.resolve("pg"),
            backups,
            new PointInTimeRecovery(backups, wal, dataDir, clock),
            new PitrProperties(true, null, null, null, null, null),
            clock);
    return new PitrCommand(pitr, null, new MockEnvironment().withProperty(property, value));
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }
}
