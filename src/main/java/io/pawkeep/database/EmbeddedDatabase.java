package io.pawkeep.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development database: a PostgreSQL server started from the application's own jar, its files
 * kept under the data directory so they survive restarts. One server per data directory and JVM, so
 * several application instances in one JVM (as in the tests) share it like nodes share a production
 * database. It flushes every commit to disk (AVAIL-5), listens on loopback only, has no unix socket
 * and lets in only the holders of its generated passwords (HARD-7, see {@link EmbeddedPasswords}).
 * Never for production, which refuses to start without an external database.
 */
final class EmbeddedDatabase {

  static final String DATABASE = "pawkeep";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Map<Path, Running> SERVERS = new ConcurrentHashMap<>();

  /** A server this JVM started, and what it takes to start it again. */
  private record Running(
      EmbeddedPostgres server,
      Path dataDir,
      boolean clean,
      String ownerRole,
      String appRole,
      WalArchive archive) {}

  private EmbeddedDatabase() {}

  /**
   * Starts (or reuses) the server whose files are in {@code pgDir}, with its passwords under {@code
   * dataDir}, and returns how to connect to it.
   */
  static DatabaseLogins start(
      Path dataDir, Path pgDir, boolean clean, String ownerRole, String appRole) {
    return start(dataDir, pgDir, clean, ownerRole, appRole, null);
  }

  /** As above, archiving its WAL into {@code archive} (AVAIL-1) unless that is null. */
  static DatabaseLogins start(
      Path dataDir,
      Path pgDir,
      boolean clean,
      String ownerRole,
      String appRole,
      WalArchive archive) {
    Running running =
        SERVERS.computeIfAbsent(
            normalised(pgDir),
            dir ->
                new Running(
                    startServer(dir, dataDir, clean, 0, ownerRole, appRole, archive),
                    dataDir,
                    clean,
                    ownerRole,
                    appRole,
                    archive));
    EmbeddedPasswords passwords = new EmbeddedPasswords(running.dataDir());
    // Not server.getJdbcUrl(): it names the superuser in the URL, which would override the
    // application role the pool is configured with.
    return new DatabaseLogins(
        "jdbc:postgresql://127.0.0.1:" + running.server().getPort() + "/" + DATABASE,
        appRole,
        passwords.application(),
        ownerRole,
        passwords.owner());
  }

  /**
   * Starts the server of {@code pgDir} again on the same port and files, after it stopped or
   * crashed; connections pooled before reconnect by themselves.
   */
  static void restart(Path pgDir) {
    SERVERS.computeIfPresent(
        normalised(pgDir),
        (dir, old) -> {
          if (old.clean()) {
            throw new IllegalStateException("a server started clean would lose its files");
          }
          close(old.server());
          return new Running(
              startServer(
                  dir,
                  old.dataDir(),
                  false,
                  old.server().getPort(),
                  old.ownerRole(),
                  old.appRole(),
                  old.archive()),
              old.dataDir(),
              false,
              old.ownerRole(),
              old.appRole(),
              old.archive());
        });
  }

  /** Stops the server of {@code pgDir}, if this JVM started one. */
  static void stop(Path pgDir) {
    Running running = SERVERS.remove(normalised(pgDir));
    if (running != null) {
      close(running.server());
    }
  }

  /**
   * A superuser connection to the running server of {@code pgDir}, for the work only the superuser
   * may do (base backups, AVAIL-1). Never handed to request code.
   */
  static Connection superuser(Path pgDir) throws SQLException {
    Running running = SERVERS.get(normalised(pgDir));
    if (running == null) {
      throw new IllegalStateException("no embedded database runs in " + pgDir);
    }
    String password = new EmbeddedPasswords(running.dataDir()).superuser(pgDir, false);
    return superuser(running.server().getPort(), password);
  }

  private static EmbeddedPostgres startServer(
      Path pgDir,
      Path dataDir,
      boolean clean,
      int port,
      String ownerRole,
      String appRole,
      WalArchive archive) {
    try {
      Files.createDirectories(pgDir);
      EmbeddedPasswords passwords = new EmbeddedPasswords(dataDir);
      String superuserPassword = passwords.superuser(pgDir, clean);
      EmbeddedPostgres.Builder builder =
          server(pgDir, clean, port, passwords.superuserFile(), superuserPassword);
      if (archive != null) {
        archive.applyTo(builder);
      }
      EmbeddedPostgres server = builder.start();
      try (Connection superuser = superuser(server.getPort(), superuserPassword)) {
        createRolesAndDatabase(superuser, ownerRole, appRole);
        passwords.require(superuser, pgDir, server.getPort(), ownerRole, appRole);
      }
      log.info("Embedded PostgreSQL ready on port {} with data in {}", server.getPort(), pgDir);
      if (archive != null) {
        log.info("Embedded PostgreSQL archives its WAL into {}", archive.directory());
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not prepare the embedded PostgreSQL", e);
    }
  }

  /** The server as Pawkeep runs it; {@code superuserFile} holds {@code superuserPassword}. */
  static EmbeddedPostgres.Builder server(
      Path pgDir, boolean clean, int port, Path superuserFile, String superuserPassword) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(pgDir)
        .setCleanDataDirectory(clean)
        .setPort(port)
        // AVAIL-5: the library's defaults are for throwaway test databases (-F, that is
        // fsync off, and synchronous_commit off) and lose acknowledged commits in a crash.
        // Every -c comes after -F, so these win.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        // HARD-7: reachable over loopback TCP only, never through a unix socket.
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", "''")
        .setServerConfig("password_encryption", "scram-sha-256")
        .setServerConfig("max_connections", "200")
        // A new folder trusts no one, not even for its first seconds: these come after the
        // library's "initdb -A trust" and win, and the superuser gets its password at once.
        .setLocaleConfig("auth", "scram-sha-256")
        .setLocaleConfig("pwfile", superuserFile.toString())
        // The library's own readiness check logs in as the superuser: with its password,
        // which a folder from before passwords (trust) accepts as well.
        .setConnectConfig("password", superuserPassword);
  }

  static Connection superuser(int port, String password) throws SQLException {
    return superuser(port, password, "postgres");
  }

  static Connection superuser(int port, String password, String database) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", EmbeddedPasswords.SUPERUSER);
    login.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, login);
  }

  private static void createRolesAndDatabase(Connection c, String ownerRole, String appRole)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      if (!exists(c, "select 1 from pg_roles where rolname = ?", ownerRole)) {
        s.execute("create role " + quote(ownerRole) + " login nosuperuser nocreaterole");
      }
      if (!exists(c, "select 1 from pg_roles where rolname = ?", appRole)) {
        s.execute(
            "create role "
                + quote(appRole)
                + " login nosuperuser nobypassrls nocreatedb nocreaterole noinherit");
      }
      if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
        s.execute("create database " + DATABASE + " owner " + quote(ownerRole));
        s.execute("revoke all on database " + DATABASE + " from public");
        // No TEMPORARY: a temporary table could shadow a real one for the role's queries.
        s.execute("grant connect on database " + DATABASE + " to " + quote(appRole));
      }
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      return ps.executeQuery().next();
    }
  }

  private static String quote(String identifier) {
    if (!identifier.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("database role names must be plain lower-case words");
    }
    return '"' + identifier + '"';
  }

  private static void close(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL on port {} did not stop cleanly", server.getPort(), e);
    }
  }

  private static Path normalised(Path pgDir) {
    return pgDir.toAbsolutePath().normalize();
  }
}
