package io.pawkeep.backup;

import io.pawkeep.testing.TestFolders;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A second PostgreSQL server for restores, apart from the one the application runs on: each call of
 * {@link #empty()} gives a new empty database owned by an owner role, with the application role
 * beside it, as a person restoring onto a new server would prepare it.
 */
final class FreshDatabase {

  static final String OWNER = "pawkeep_owner";
  static final String APP = "pawkeep_app";

  private static EmbeddedPostgres server;
  private static final AtomicInteger NEXT = new AtomicInteger();

  private FreshDatabase() {}

  /** A new empty database; connections to it log in as the owner role. */
  static synchronized DataSource empty() throws SQLException {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setDataDirectory(TestFolders.scratch("restore-pg"))
                .setCleanDataDirectory(true)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try (Connection c = server.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create role " + OWNER + " login nosuperuser nocreaterole");
        s.execute("create role " + APP + " login nosuperuser nobypassrls noinherit");
      }
    }
    String name = "restore_" + NEXT.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name + " owner " + OWNER);
      s.execute("grant connect on database " + name + " to " + APP);
    }
    return server.getDatabase(OWNER, name);
  }
}
