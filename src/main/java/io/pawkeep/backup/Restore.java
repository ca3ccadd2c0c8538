package io.pawkeep.backup;

import io.pawkeep.database.Migrations;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Restores a backup into an empty database (AVAIL-1): refuses a file that does not decrypt and
 * match its manifest before touching the database, refuses a database that holds anything, migrates
 * it to the backup's schema version, loads every table in one transaction as the owner, checks
 * every table's row count and digest against the manifest, runs every {@link RestoreStep}, and only
 * then migrates to the newest version.
 *
 * <p>Rows go in as they were: the owner's own triggers (append-only audit, values the database
 * computes on insert) are disabled for the load and enabled again in the same transaction, which
 * needs no superuser (unlike {@code session_replication_role}); foreign keys stay checked, tables
 * loading after the ones they reference. {@code COPY FROM} refuses a table whose row-level security
 * binds its owner, so that binding is lifted for the load and put back in the same transaction:
 * nobody but the restoring owner ever sees the tables without it.
 */
@Component
class Restore {

  private final BackupKey key;
  private final ObjectProvider<RestoreStep> steps;

  Restore(BackupKey key, ObjectProvider<RestoreStep> steps) {
    this.key = key;
    this.steps = steps;
  }

  record Report(Manifest manifest, int steps, Duration took) {}

  Report into(DataSource owner, String applicationRole, Path file) throws SQLException {
    long started = System.nanoTime();
    Manifest manifest = read(file, (table, rows) -> {});
    try (Connection c = owner.getConnection()) {
      if (Catalogue.relations(c) > 0) {
        throw new BackupRefusedException(
            "the database is not empty: a backup is restored into an empty database only");
      }
    }
    migrate(owner, applicationRole, manifest.schemaVersion());
    int ran = load(owner, file, manifest);
    migrate(owner, applicationRole, null);
    return new Report(manifest, ran, Duration.ofNanos(System.nanoTime() - started));
  }

  private Manifest read(Path file, BackupFormat.TableReader reader) throws SQLException {
    try (InputStream in =
        key.opening(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      return BackupFormat.read(new BufferedInputStream(in, 1 << 16), reader);
    } catch (IOException e) {
      throw new BackupRefusedException(
          "the backup cannot be read: a wrong backup key, or the file was changed or cut short", e);
    }
  }

  private static void migrate(DataSource owner, String applicationRole, String target) {
    try {
      var flyway = Migrations.configure(owner, applicationRole);
      (target == null ? flyway : flyway.target(target)).load().migrate();
    } catch (FlywayException e) {
      throw new BackupRefusedException(
          "the database could not be migrated to the backup's schema version " + target, e);
    }
  }

  private int load(DataSource owner, Path file, Manifest manifest) throws SQLException {
    try (Connection c = owner.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<Table> tables = manifest.tables().stream().map(Manifest.Entry::table).toList();
        if (!Catalogue.tables(c).stream()
            .map(Table::name)
            .sorted()
            .toList()
            .equals(tables.stream().map(Table::name).sorted().toList())) {
          throw new BackupRefusedException("the backup's tables are not the schema's tables");
        }
        List<String> forced = Catalogue.forcedRowSecurity(c);
        try (Statement s = c.createStatement()) {
          for (Table table : tables) {
            s.execute("alter table " + Table.quote(table.name()) + " disable trigger user");
          }
          // COPY FROM refuses a table whose row-level security binds its owner; the owner's own
          // policy lets it write every row anyway, and it binds the owner again before commit.
          for (String table : forced) {
            s.execute("alter table " + Table.quote(table) + " no force row level security");
          }
          // Rows the migrations wrote (settings) give way to the backup's.
          s.execute(
              "truncate "
                  + String.join(", ", tables.stream().map(t -> Table.quote(t.name())).toList()));
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Map<String, Long> loaded = new HashMap<>();
        read(file, (table, rows) -> loaded.put(table.name(), copy.copyIn(table.copyIn(), rows)));
        sequences(c, manifest.sequences());
        try (Statement s = c.createStatement()) {
          for (Table table : tables) {
            s.execute("alter table " + Table.quote(table.name()) + " enable trigger user");
          }
          for (String table : forced) {
            s.execute("alter table " + Table.quote(table) + " force row level security");
          }
        }
        verify(copy, manifest, loaded);
        int ran = 0;
        for (RestoreStep step : steps.orderedStream().toList()) {
          step.afterRestore(c);
          ran++;
        }
        c.commit();
        return ran;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void sequences(Connection c, Map<String, Long> sequences) throws SQLException {
    try (PreparedStatement setval = c.prepareStatement("select setval(?::regclass, ?, true)");
        Statement s = c.createStatement()) {
      for (Map.Entry<String, Long> sequence : sequences.entrySet()) {
        if (sequence.getValue() == null) {
          s.execute("alter sequence " + Table.quote(sequence.getKey()) + " restart");
        } else {
          setval.setString(1, Table.quote(sequence.getKey()));
          setval.setLong(2, sequence.getValue());
          setval.execute();
        }
      }
    }
  }

  /** The manifest's counts and digests, against the rows now in the database. */
  private static void verify(CopyManager copy, Manifest manifest, Map<String, Long> loaded)
      throws SQLException {
    for (Manifest.Entry entry : manifest.tables()) {
      String name = entry.table().name();
      MessageDigest digest = BackupFormat.sha256();
      long rows;
      try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
        rows = copy.copyOut(entry.table().copyOut(), sink);
      } catch (IOException e) {
        throw new SQLException("could not read back table " + name, e);
      }
      if (loaded.getOrDefault(name, -1L) != entry.rows() || rows != entry.rows()) {
        throw new BackupRefusedException(
            "table " + name + " holds a different number of rows than the backup's manifest");
      }
      if (!Arrays.equals(digest.digest(), entry.sha256())) {
        throw new BackupRefusedException(
            "the rows of table " + name + " differ from the backup's manifest");
      }
    }
  }
}
