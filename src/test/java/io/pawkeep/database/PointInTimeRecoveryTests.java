package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time recovery of the embedded database (AVAIL-1), on the owner's side: one server that
 * archives its WAL (into a folder whose name needs quoting), base backups taken with PostgreSQL's
 * low-level API, and a recovery to a time noted on the database's clock that finds exactly what was
 * written before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointInTimeRecoveryTests {

  private static final String OWNER = "pawkeep_owner";

  @TempDir static Path dataDir;
  private Path pgDir;
  private WalArchive archive;
  private BaseBackups backups;
  private DatabaseLogins logins;
  private BaseBackup first;

  @BeforeAll
  void startAnArchivingServer() throws Exception {
    pgDir = dataDir.resolve("pg");
    archive = new WalArchive(dataDir.resolve("wal archive's $HOME"), Duration.ofSeconds(60));
    backups = new BaseBackups(dataDir.resolve("base-backups"), archive.directory());
    logins = EmbeddedDatabase.start(dataDir, pgDir, false, OWNER, "pawkeep_app", archive);
    try (Connection owner = owner(logins.url());
        Statement s = owner.createStatement()) {
      s.execute("create table pitr_notes (note text not null)");
    }
    first = takeBaseBackup();
  }

  @AfterAll
  void stop() {
    EmbeddedDatabase.stop(pgDir);
  }

  @Test
  void theEmbeddedServerArchivesItsWalAndStaysCrashSafe() throws Exception {
    try (Connection su = EmbeddedDatabase.superuser(pgDir)) {
      assertThat(setting(su, "archive_mode")).isEqualTo("on");
      assertThat(setting(su, "archive_library")).isEqualTo("basic_archive");
      assertThat(setting(su, "basic_archive.archive_directory"))
          .isEqualTo(archive.directory().toString());
      assertThat(setting(su, "archive_timeout")).isEqualTo("1min");
      assertThat(setting(su, "fsync")).isEqualTo("on");
      assertThat(setting(su, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(su, "full_page_writes")).isEqualTo("on");
      // A write first, so the switch closes a segment that holds one and the archiver takes it at
      // once. Without it, a switch right after a base backup (which switches itself) closes
      // nothing, and the segment named was archived only when archive_timeout (1 min) elapsed.
      try (Statement s = su.createStatement()) {
        s.execute("create table pitr_archived (n int)");
      }
      String switched = switchWal(su);
      awaitArchived(su, switched);
    }
  }

  @Test
  void aBaseBackupLeavesOutWhatTheDocumentationSaysToLeaveOut() throws Exception {
    Path data = first.data();
    assertThat(Files.readString(data.resolve("backup_label"))).contains("START WAL LOCATION");
    assertThat(data.resolve("postmaster.pid")).doesNotExist();
    assertThat(data.resolve("postmaster.opts")).doesNotExist();
    assertThat(data.resolve("epg-lock")).doesNotExist();
    assertThat(data.resolve("PG_VERSION")).exists();
    try (Stream<Path> wal = Files.list(data.resolve("pg_wal"))) {
      assertThat(wal).allMatch(Files::isDirectory);
    }
    assertThat(Files.getPosixFilePermissions(data))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(archive.directory().resolve(first.startWalFile())).exists();
  }

  @Test
  void aRecoveryToANotedTimeFindsExactlyTheWritesMadeBeforeIt() throws Exception {
    takeBaseBackup();
    write("first 1", "first 2", "first 3");
    Instant noted;
    try (Connection su = EmbeddedDatabase.superuser(pgDir)) {
      noted = databaseTime(su);
      switchWal(su);
    }
    write("second 1", "second 2");

    ByteArrayOutputStream said = new ByteArrayOutputStream();
    Path recovered;
    try (Connection live = EmbeddedDatabase.superuser(pgDir)) {
      // A step after recovery, standing in for the purge of tenants destroyed since (CRYPTO-3).
      AfterRecovery purge =
          c -> {
            try (Statement st = c.createStatement()) {
              st.executeUpdate("delete from pitr_notes where note = 'first 2'");
            }
          };
      recovered =
          new PointInTimeRecovery(
                  backups, archive, dataDir, Clock.systemUTC(), () -> List.of(purge))
              .recover(noted, live, new PrintStream(said, true, StandardCharsets.UTF_8));
    }

    assertThat(recovered.getParent()).isEqualTo(dataDir.toAbsolutePath().normalize());
    assertThat(recovered.resolve("recovery.signal")).doesNotExist();
    assertThat(Files.readString(recovered.resolve("postgresql.auto.conf")))
        .doesNotContain("restore_command")
        .doesNotContain("recovery_target");
    assertThat(said.toString(StandardCharsets.UTF_8)).contains(recovered.toString());
    try {
      DatabaseLogins again =
          EmbeddedDatabase.start(dataDir, recovered, false, OWNER, "pawkeep_app");
      assertThat(notes(again.url()))
          .as("the writes before the noted time, less what the step after recovery purged")
          .containsExactly("first 1", "first 3");
    } finally {
      EmbeddedDatabase.stop(recovered);
    }
    // The live database is never overwritten.
    assertThat(notes(logins.url()))
        .containsExactly("first 1", "first 2", "first 3", "second 1", "second 2");
  }

  @Test
  void aBaseBackupIsTakenOnDemandWithTheCommand() throws Exception {
    int before = backups.list().size();
    PointInTimeRecoveries pitr =
        new PointInTimeRecoveries(
            true,
            pgDir,
            backups,
            recovery(),
            new PitrProperties(true, null, null, null, null, null),
            Clock.systemUTC());
    ByteArrayOutputStream said = new ByteArrayOutputStream();

    int exit =
        new PitrCommand(
                pitr,
                null,
                new org.springframework.mock.env.MockEnvironment()
                    .withProperty("pawkeep.pitr.base-backup", "now"))
            .execute(new PrintStream(said, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(0);
    assertThat(backups.list()).hasSize(before + 1);
    assertThat(said.toString(StandardCharsets.UTF_8))
        .contains("Base backup taken into " + backups.list().getLast().folder());
  }

  @Test
  void aRecoveryTargetNoBaseBackupCoversIsRefusedWithAClearMessage() throws Exception {
    Instant beforeTheOldest = backups.list().getFirst().finishedAt().minusSeconds(1);
    assertThatThrownBy(() -> recovery().baseBackupFor(beforeTheOldest))
        .isInstanceOf(PointInTimeRecovery.Refused.class)
        .hasMessageContaining("before the oldest base backup")
        .hasMessageContaining(backups.list().getFirst().finishedAt().toString());
    Instant future = Instant.now().plus(Duration.ofHours(1));
    assertThatThrownBy(() -> recovery().baseBackupFor(future))
        .isInstanceOf(PointInTimeRecovery.Refused.class)
        .hasMessageContaining("in the future");
    BaseBackups none = new BaseBackups(dataDir.resolve("no-backups"), archive.directory());
    assertThatThrownBy(
            () ->
                new PointInTimeRecovery(none, archive, dataDir, Clock.systemUTC())
                    .baseBackupFor(Instant.now()))
        .isInstanceOf(PointInTimeRecovery.Refused.class)
        .hasMessageContaining("No base backup");
  }

  private PointInTimeRecovery recovery() {
    return new PointInTimeRecovery(backups, archive, dataDir, Clock.systemUTC());
  }

  private BaseBackup takeBaseBackup() throws Exception {
    try (Connection su = EmbeddedDatabase.superuser(pgDir)) {
      return backups.take(su, pgDir);
    }
  }

  private void write(String... notes) throws SQLException {
    try (Connection owner = owner(logins.url());
        var insert = owner.prepareStatement("insert into pitr_notes values (?)")) {
      for (String note : notes) {
        insert.setString(1, note);
        insert.executeUpdate();
      }
    }
  }

  private List<String> notes(String url) throws SQLException {
    List<String> notes = new ArrayList<>();
    try (Connection owner = owner(url);
        ResultSet rs =
            owner.createStatement().executeQuery("select note from pitr_notes order by note")) {
      while (rs.next()) {
        notes.add(rs.getString(1));
      }
    }
    return notes;
  }

  private Connection owner(String url) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", OWNER);
    login.setProperty("password", new EmbeddedPasswords(dataDir).owner());
    return DriverManager.getConnection(url, login);
  }

  private static Instant databaseTime(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("select clock_timestamp()")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  private static String switchWal(Connection c) throws SQLException {
    try (ResultSet rs =
        c.createStatement().executeQuery("select pg_walfile_name(pg_switch_wal())")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void awaitArchived(Connection c, String walFile) throws Exception {
    Path archived = archive.directory().resolve(walFile);
    for (int i = 0; i < 600 && !Files.exists(archived); i++) {
      Thread.sleep(100);
    }
    String archiver;
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "select last_archived_wal || ' failed ' || failed_count || ' '"
                    + " || coalesce(last_failed_wal, '-') from pg_stat_archiver")) {
      rs.next();
      archiver = rs.getString(1);
    }
    try (Stream<Path> files = Files.list(archive.directory())) {
      assertThat(archived).as(archiver + " " + files.toList()).exists();
    }
  }

  private static String setting(Connection c, String name) throws SQLException {
    try (var ps = c.prepareStatement("select current_setting(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
