package io.pawkeep.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/**
 * Recovers the embedded database to a moment (AVAIL-1): the newest base backup finished before it
 * is copied into a NEW folder (the live one is never touched), told to replay the archived WAL up
 * to that moment and then open for writes, and started once so the replay happens now, not when
 * Pawkeep next starts. What remains is a folder Pawkeep can start on.
 */
final class PointInTimeRecovery {

  /** A refused or failed recovery, with a message for the person who asked. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private static final DateTimeFormatter FOLDER =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A numeric offset: a zone abbreviation such as Z is refused while the server starts. */
  private static final DateTimeFormatter TARGET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

  private static final Duration ARCHIVE_WAIT = Duration.ofMinutes(2);

  /** Until the copy is consistent; the library waits this long even for a server that failed. */
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(5);

  private static final Duration RECOVERY_WAIT = Duration.ofMinutes(30);

  private final BaseBackups backups;
  private final WalArchive archive;
  private final Path dataDir;
  private final Clock clock;
  private final Supplier<List<AfterRecovery>> steps;

  PointInTimeRecovery(BaseBackups backups, WalArchive archive, Path dataDir, Clock clock) {
    this(backups, archive, dataDir, clock, List::of);
  }

  PointInTimeRecovery(
      BaseBackups backups,
      WalArchive archive,
      Path dataDir,
      Clock clock,
      Supplier<List<AfterRecovery>> steps) {
    this.backups = backups;
    this.archive = archive;
    this.dataDir = dataDir;
    this.clock = clock;
    this.steps = steps;
  }

  /**
   * Recovers to {@code target} into a new folder under the data directory and answers it. {@code
   * live}, the running server that archives into the same folder, first archives what it holds, so
   * a target just before now is covered too.
   */
  Path recover(Instant target, Connection live, PrintStream out) throws SQLException, IOException {
    BaseBackup from = baseBackupFor(target);
    out.printf("Recovering to %s from the base backup %s.%n", target, from.folder());
    archiveEverythingUpToNow(live);
    Path folder = newFolder(target);
    DataFolderCopy.copyAll(from.data(), folder);
    Files.writeString(
        folder.resolve("postgresql.auto.conf"),
        recoverySettings(target),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Files.createFile(folder.resolve("recovery.signal"));
    replay(folder);
    out.printf("Recovered into %s.%n", folder);
    return folder;
  }

  /** The newest base backup to recover {@code target} from; refuses a target none covers. */
  BaseBackup baseBackupFor(Instant target) {
    List<BaseBackup> all = backups.list();
    if (all.isEmpty()) {
      throw new Refused(
          "No base backup in "
              + backups.directory()
              + ": take one first (--pawkeep.pitr.base-backup=now).");
    }
    Instant earliest = all.getFirst().finishedAt();
    if (target.isBefore(earliest)) {
      throw new Refused(
          "Cannot recover to "
              + target
              + ": it is before the oldest base backup, so the earliest time is "
              + earliest
              + ".");
    }
    Instant now = clock.instant();
    if (target.isAfter(now)) {
      throw new Refused("Cannot recover to " + target + ": it is in the future (now " + now + ").");
    }
    return all.stream().filter(b -> !b.finishedAt().isAfter(target)).toList().getLast();
  }

  /**
   * A transaction committed now (so replay meets a commit after the target and stops there) and a
   * WAL switch (so the file holding it is archived), then waits until it is.
   */
  private void archiveEverythingUpToNow(Connection live) throws SQLException {
    String last;
    try (Statement s = live.createStatement()) {
      s.execute("select txid_current()");
      try (ResultSet rs = s.executeQuery("select pg_walfile_name(pg_switch_wal())")) {
        rs.next();
        last = rs.getString(1);
      }
    }
    Instant deadline = clock.instant().plus(ARCHIVE_WAIT);
    while (!Files.exists(archive.directory().resolve(last))) {
      if (clock.instant().isAfter(deadline)) {
        throw new Refused(
            "The WAL file "
                + last
                + " was not archived into "
                + archive.directory()
                + " within "
                + ARCHIVE_WAIT.toMinutes()
                + " minutes: check the database log for archiving errors.");
      }
      pause();
    }
  }

  private Path newFolder(Instant target) {
    Path folder = dataDir.resolve("pg-recovered-" + FOLDER.format(target));
    for (int n = 2; Files.exists(folder); n++) {
      folder = dataDir.resolve("pg-recovered-" + FOLDER.format(target) + "-" + n);
    }
    return folder.toAbsolutePath().normalize();
  }

  /**
   * What the recovering server reads: fetch each WAL file from the archive (through a shell, so
   * every path is quoted, and % doubled for PostgreSQL), stop at the target and open for writes.
   */
  String recoverySettings(Instant target) {
    String source = archive.directory().toString().replace("%", "%%") + "/%f";
    String restore = "cp " + WalArchive.shellQuoted(source) + " '%p'";
    return "\n# Point-in-time recovery by Pawkeep; removed once the recovery is done.\n"
        + "restore_command = "
        + configQuoted(restore)
        + "\nrecovery_target_time = "
        + configQuoted(TARGET.format(target))
        + "\nrecovery_target_action = 'promote'\n";
  }

  /** A value in postgresql.conf's quotes, where a quote is doubled and a backslash escapes. */
  static String configQuoted(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /** Starts the copy, waits until it has replayed to the target and opened, then stops it. */
  private void replay(Path folder) throws IOException, SQLException {
    EmbeddedPasswords passwords = new EmbeddedPasswords(dataDir);
    String password = passwords.superuser(folder, false);
    EmbeddedPostgres.Builder builder =
        EmbeddedDatabase.server(folder, false, 0, passwords.superuserFile(), password)
            .setPGStartupWait(STARTUP_WAIT);
    // The new timeline's WAL is archived beside the old one's, so it can be recovered in turn.
    archive.applyTo(builder);
    EmbeddedPostgres server;
    try {
      server = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new Refused(
          "The database in "
              + folder
              + " did not recover (see the database log above; a target after the last archived"
              + " change cannot be reached): "
              + e.getMessage());
    }
    try (server;
        Connection c = EmbeddedDatabase.superuser(server.getPort(), password);
        Statement s = c.createStatement()) {
      Instant deadline = clock.instant().plus(RECOVERY_WAIT);
      while (inRecovery(s)) {
        if (clock.instant().isAfter(deadline)) {
          throw new Refused("The database in " + folder + " is still recovering: stopped waiting.");
        }
        pause();
      }
      s.execute("alter system reset restore_command");
      s.execute("alter system reset recovery_target_time");
      s.execute("alter system reset recovery_target_action");
      runSteps(server.getPort(), password, folder);
    }
  }

  /** Every {@link AfterRecovery} step, in one transaction on the recovered application database. */
  private void runSteps(int port, String password, Path folder) throws SQLException {
    List<AfterRecovery> all = steps.get();
    if (all.isEmpty()) {
      return;
    }
    try (Connection c = EmbeddedDatabase.superuser(port, password, EmbeddedDatabase.DATABASE)) {
      c.setAutoCommit(false);
      try {
        for (AfterRecovery step : all) {
          step.afterRecovery(c);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw new Refused(
            "The database in "
                + folder
                + " recovered, but a step after recovery failed; do not start on it: "
                + e.getMessage());
      }
    }
  }

  private static boolean inRecovery(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("interrupted while waiting for the database");
    }
  }
}
