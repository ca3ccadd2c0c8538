package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded database keeps every acknowledged commit (AVAIL-5) and lets in only those who hold
 * its generated passwords (HARD-7): no trust, no unix socket, loopback only.
 */
class EmbeddedDatabaseTests extends ApiTestSupport {

  private static final List<String> ROLES = List.of("postgres", "pawkeep_owner", "pawkeep_app");
  private static final Map<String, String> PASSWORD_FILES =
      Map.of(
          "postgres", "database-superuser-dev.password",
          "pawkeep_owner", "database-owner-dev.password",
          "pawkeep_app", "database-app-dev.password");

  @Autowired HikariDataSource application;
  @Autowired JdbcClient jdbc;

  @Value("${pawkeep.data-dir}")
  Path dataDir;

  @Test
  void everyCommitIsFlushedToDiskBeforeItIsAcknowledged() {
    assertThat(setting("fsync")).isEqualTo("on");
    assertThat(setting("synchronous_commit")).isEqualTo("on");
    assertThat(setting("full_page_writes")).isEqualTo("on");
  }

  @Test
  void theServerListensOnLoopbackOnlyAndHasNoUnixSocket() throws Exception {
    // Settings only the superuser may read.
    try (Connection c = connect("postgres", password("postgres"));
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select current_setting('listen_addresses'),"
                        + " current_setting('unix_socket_directories')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
      assertThat(rs.getString(2)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "pawkeep_owner", "pawkeep_app"})
  void aConnectionWithoutThePasswordIsRefused(String role) {
    assertThatThrownBy(() -> connect(role, null)).isInstanceOf(SQLException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "pawkeep_owner", "pawkeep_app"})
  void aConnectionWithAWrongPasswordIsRefused(String role) {
    assertThatThrownBy(() -> connect(role, "not-" + password(role)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void eachRoleConnectsWithItsGeneratedPassword() throws Exception {
    for (String role : ROLES) {
      try (Connection c = connect(role, password(role))) {
        assertThat(c.isValid(2)).isTrue();
      }
    }
  }

  @Test
  void thePasswordFilesAreReadableByTheirOwnerOnly() throws Exception {
    Path keys = dataDir.resolve("keys");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rwx------");
    for (String role : ROLES) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile(role))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void theServerTrustsNoConnectionAndAcceptsOnlyLoopbackPasswordLogins() throws Exception {
    // The rules as the server parses its pg_hba.conf; only the superuser may read them.
    List<String> rules = new ArrayList<>();
    try (Connection c = connect("postgres", password("postgres"));
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select type, address, auth_method, error from pg_hba_file_rules order by"
                        + " rule_number")) {
      while (rs.next()) {
        rules.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getString(4));
      }
    }
    assertThat(rules)
        .containsExactly("host 127.0.0.1 scram-sha-256 null", "host ::1 scram-sha-256 null");
    String onDisk =
        Files.readString(dataDir.resolve("pg").resolve("pg_hba.conf"), StandardCharsets.UTF_8);
    assertThat(onDisk.lines().filter(line -> !line.isBlank() && !line.startsWith("#")))
        .allMatch(
            line -> line.matches("host +all +all +(127\\.0\\.0\\.1/32|::1/128) +scram-sha-256"));
  }

  private String setting(String name) {
    return jdbc.sql("select current_setting(?)").param(name).query(String.class).single();
  }

  private Connection connect(String role, String password) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", role);
    if (password != null) {
      login.setProperty("password", password);
    }
    String database = role.equals("postgres") ? "postgres" : EmbeddedDatabase.DATABASE;
    return DriverManager.getConnection(
        application.getJdbcUrl().replace("/" + EmbeddedDatabase.DATABASE, "/" + database), login);
  }

  private String password(String role) throws Exception {
    return Files.readString(passwordFile(role), StandardCharsets.US_ASCII).trim();
  }

  private Path passwordFile(String role) {
    return dataDir.resolve("keys").resolve(PASSWORD_FILES.get(role));
  }
}
