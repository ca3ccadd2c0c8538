package io.pawkeep.database;

import io.pawkeep.security.LocalSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server lets in only those who hold its generated passwords (HARD-7): one per role
 * (the superuser, the owner, the application), kept under {@code <data-dir>/keys/} with owner-only
 * permissions, and a pg_hba.conf that accepts scram-sha-256 logins over loopback TCP and nothing
 * else. Without it any local user could log in as the superuser and run {@code COPY ... TO PROGRAM}
 * as Pawkeep's OS user, which reads the master key.
 */
final class EmbeddedPasswords {

  static final String SUPERUSER = "postgres";
  static final String SUPERUSER_FILE = "database-superuser-dev.password";
  static final String OWNER_FILE = "database-owner-dev.password";
  static final String APP_FILE = "database-app-dev.password";

  static final String HBA =
      """
      # Written by Pawkeep on start (HARD-7): password logins (scram-sha-256) over loopback TCP
      # only; no trust and no unix socket. The passwords are in <data-dir>/keys/.
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPasswords.class);
  private static final int PASSWORD_BYTES = 24;
  private static final long RELOAD_WAIT_MILLIS = 10_000;

  private final Path dataDir;

  EmbeddedPasswords(Path dataDir) {
    this.dataDir = dataDir;
  }

  /**
   * The superuser's password, created on first use. Refuses to invent a new one for a server that
   * already requires passwords: that would lock Pawkeep out of its own data.
   */
  String superuser(Path pgDir, boolean clean) {
    Path hba = pgDir.resolve("pg_hba.conf");
    if (!clean && Files.exists(hba) && !Files.exists(file(SUPERUSER_FILE)) && !trusts(hba)) {
      throw new IllegalStateException(
          "The embedded database in "
              + pgDir
              + " requires passwords, but "
              + file(SUPERUSER_FILE)
              + " is missing: restore the keys folder from the same backup as the data.");
    }
    return LocalSecrets.loadOrCreate(dataDir, SUPERUSER_FILE, PASSWORD_BYTES);
  }

  /** Where the superuser's password is kept (for initdb, which reads it from a file). */
  Path superuserFile() {
    return file(SUPERUSER_FILE).toAbsolutePath();
  }

  String owner() {
    return LocalSecrets.loadOrCreate(dataDir, OWNER_FILE, PASSWORD_BYTES);
  }

  String application() {
    return LocalSecrets.loadOrCreate(dataDir, APP_FILE, PASSWORD_BYTES);
  }

  /**
   * Gives every role its password (hashed by the driver: the server and its logs never see it in
   * clear), then makes pg_hba.conf require them. A folder from before passwords (trust, no password
   * files) is upgraded here in place: its data is untouched.
   */
  void require(Connection superuser, Path pgDir, int port, String ownerRole, String appRole)
      throws SQLException {
    PGConnection pg = superuser.unwrap(PGConnection.class);
    pg.alterUserPassword(SUPERUSER, superuser(pgDir, false).toCharArray(), "scram-sha-256");
    pg.alterUserPassword(ownerRole, owner().toCharArray(), "scram-sha-256");
    pg.alterUserPassword(appRole, application().toCharArray(), "scram-sha-256");
    Path hba = pgDir.resolve("pg_hba.conf");
    if (HBA.equals(read(hba))) {
      return;
    }
    write(hba);
    try (Statement s = superuser.createStatement()) {
      s.execute("select pg_reload_conf()");
    }
    awaitPasswordsRequired(port);
    log.warn(
        "Embedded PostgreSQL in {} now requires passwords (scram-sha-256, loopback only);"
            + " they are kept in {}",
        pgDir,
        dataDir.resolve("keys"));
  }

  /** Waits until the server has reloaded its rules, so nothing starts while trust is active. */
  private static void awaitPasswordsRequired(int port) {
    long deadline = System.nanoTime() + RELOAD_WAIT_MILLIS * 1_000_000;
    while (System.nanoTime() < deadline) {
      Properties login = new Properties();
      login.setProperty("user", SUPERUSER);
      try (Connection c =
          DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", login)) {
        sleep();
      } catch (SQLException refused) {
        return;
      }
    }
    throw new IllegalStateException("the embedded database still accepts logins without password");
  }

  private Path file(String name) {
    return dataDir.resolve("keys").resolve(name);
  }

  private static boolean trusts(Path hba) {
    return read(hba).lines().anyMatch(line -> line.matches("^\\s*[^#]*\\btrust\\b.*"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static void write(Path hba) {
    try {
      Path temp =
          Files.createTempFile(
              hba.getParent(),
              "pg_hba",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, HBA, StandardCharsets.UTF_8);
      Files.move(temp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + hba, e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the embedded database reloaded", e);
    }
  }
}
