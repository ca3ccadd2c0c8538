package io.pawkeep.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development database: a PostgreSQL server started from the application's own jar, its files
 * kept under the data directory so they survive restarts. One server per data directory and JVM, so
 * several application instances in one JVM (as in the tests) share it like nodes share a production
 * database. It listens on loopback with local trust authentication: never for production, which
 * refuses to start without an external database.
 */
final class EmbeddedDatabase {

  static final String DATABASE = "pawkeep";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Map<Path, EmbeddedPostgres> SERVERS = new ConcurrentHashMap<>();

  private EmbeddedDatabase() {}

  /** Starts (or reuses) the server for {@code dataDir} and returns the application database URL. */
  static String start(Path dataDir, boolean clean, String ownerRole, String appRole) {
    Path pgDir = dataDir.toAbsolutePath().normalize().resolve("pg");
    EmbeddedPostgres server =
        SERVERS.computeIfAbsent(pgDir, dir -> startServer(dir, clean, ownerRole, appRole));
    // Not server.getJdbcUrl(): it names the superuser in the URL, which would override the
    // application role the pool is configured with.
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + DATABASE;
  }

  private static EmbeddedPostgres startServer(
      Path pgDir, boolean clean, String ownerRole, String appRole) {
    try {
      Files.createDirectories(pgDir);
      EmbeddedPostgres server =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgDir)
              .setCleanDataDirectory(clean)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .start();
      createRolesAndDatabase(server.getPostgresDatabase(), ownerRole, appRole);
      log.info("Embedded PostgreSQL ready on port {} with data in {}", server.getPort(), pgDir);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not prepare the embedded PostgreSQL", e);
    }
  }

  private static void createRolesAndDatabase(DataSource superuser, String ownerRole, String appRole)
      throws SQLException {
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
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
}
