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
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder from before passwords (trust, no password files) is upgraded in place on the next
 * start (HARD-7): its data stays, passwords are set, and trust is gone; later starts log in with
 * the stored passwords.
 */
class EmbeddedDatabaseUpgradeTests {

  @TempDir Path dataDir;

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

  private static Connection connect(String url, String role, String password) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", role);
    if (password != null) {
      login.setProperty("password", password);
    }
    return DriverManager.getConnection(url, login);
  }
}
