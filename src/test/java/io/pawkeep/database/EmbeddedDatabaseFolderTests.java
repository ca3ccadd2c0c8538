package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every data folder ends up requiring passwords (HARD-7): a new one from its very first start, one
 * from before passwords (trust, no password files) upgraded in place on its next start with its
 * data kept, and one whose passwords are lost is refused rather than re-keyed.
 */
class EmbeddedDatabaseFolderTests {

  @TempDir Path dataDir;

  @Test
  void aNewFolderTrustsNoOneFromItsVeryFirstStart() throws Exception {
    Path pgDir = dataDir.resolve("pg");
    EmbeddedPasswords passwords = new EmbeddedPasswords(dataDir);
    String password = passwords.superuser(pgDir, false);
    // The server as initdb left it, before Pawkeep writes its own rules.
    try (EmbeddedPostgres fresh =
        EmbeddedDatabase.server(pgDir, false, 0, passwords.superuserFile(), password).start()) {
      assertThat(rules(pgDir)).isNotEmpty().noneMatch(rule -> rule.contains("trust"));
      String url = "jdbc:postgresql://127.0.0.1:" + fresh.getPort() + "/postgres";
      assertThatThrownBy(() -> connect(url, "postgres", null)).isInstanceOf(SQLException.class);
      try (Connection c = connect(url, "postgres", password)) {
        assertThat(c.isValid(2)).isTrue();
      }
    }
  }

  @Test
  void aDataFolderFromBeforePasswordsIsUpgradedInPlaceAndKeepsItsData() throws Exception {
    Path pgDir = dataDir.resolve("pg");
    createTheOldWay(pgDir);
    try {
      DatabaseLogins upgraded =
          EmbeddedDatabase.start(dataDir, pgDir, false, "pawkeep_owner", "pawkeep_app");
      assertThat(keptRow(upgraded)).isEqualTo("written before the upgrade");
      assertThat(Files.readString(pgDir.resolve("pg_hba.conf"), StandardCharsets.UTF_8))
          .isEqualTo(EmbeddedPasswords.HBA);
      assertThatThrownBy(() -> connect(upgraded.url(), "pawkeep_owner", null))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(upgraded.url(), "pawkeep_owner", "wrong"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");

      EmbeddedDatabase.stop(pgDir);
      DatabaseLogins again =
          EmbeddedDatabase.start(dataDir, pgDir, false, "pawkeep_owner", "pawkeep_app");
      assertThat(again.ownerPassword()).isEqualTo(upgraded.ownerPassword());
      assertThat(keptRow(again)).isEqualTo("written before the upgrade");
    } finally {
      EmbeddedDatabase.stop(pgDir);
    }
  }

  @Test
  void aPasswordProtectedFolderWhosePasswordsAreLostIsRefusedWithAClearMessage() throws Exception {
    Path pgDir = dataDir.resolve("pg");
    Files.createDirectories(pgDir);
    Files.writeString(pgDir.resolve("pg_hba.conf"), EmbeddedPasswords.HBA);
    assertThatThrownBy(
            () -> EmbeddedDatabase.start(dataDir, pgDir, false, "pawkeep_owner", "pawkeep_app"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("requires passwords")
        .hasMessageNotContaining("password=");
    assertThat(dataDir.resolve("keys").resolve(EmbeddedPasswords.SUPERUSER_FILE)).doesNotExist();
  }

  /** What earlier versions did: the library's defaults, trust for every local login. */
  private static void createTheOldWay(Path pgDir) throws Exception {
    Files.createDirectories(pgDir);
    try (EmbeddedPostgres old =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgDir)
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start()) {
      try (Connection c = old.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create role pawkeep_owner login nosuperuser nocreaterole");
        s.execute("create role pawkeep_app login nosuperuser nobypassrls noinherit");
        s.execute("create database pawkeep owner pawkeep_owner");
      }
      try (Connection c = old.getDatabase("pawkeep_owner", "pawkeep").getConnection();
          Statement s = c.createStatement()) {
        s.execute("create table kept (note text)");
        s.execute("insert into kept values ('written before the upgrade')");
      }
    }
  }

  private static String keptRow(DatabaseLogins logins) throws SQLException {
    try (Connection c = connect(logins.url(), logins.ownerUsername(), logins.ownerPassword());
        ResultSet rs = c.createStatement().executeQuery("select note from kept")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static List<String> rules(Path pgDir) throws Exception {
    return Files.readAllLines(pgDir.resolve("pg_hba.conf")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }

  private static Connection connect(String url, String role, String password) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", role);
    if (password != null) {
      login.setProperty("password", password);
    }
    return DriverManager.getConnection(url, login);
  }
}
