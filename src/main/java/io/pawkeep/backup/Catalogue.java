package io.pawkeep.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.api.MigrationVersion;

/** What a backup copies, read from PostgreSQL's catalogue in the caller's transaction. */
final class Catalogue {

  /** Flyway's own table: a restore rebuilds it by migrating, so it is never copied. */
  static final String MIGRATION_HISTORY = "flyway_schema_history";

  private Catalogue() {}

  /**
   * Every table of the current schema, each after the tables its foreign keys point at. A table
   * partitioned by month (the audit trail, the care log: V49) is copied through its parent, never
   * partition by partition: a restored schema has its own partitions, and COPY FROM into the parent
   * routes each row to its month's.
   */
  static List<Table> tables(Connection c) throws SQLException {
    Map<String, Long> oids = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select c.relname, c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = current_schema() and c.relkind in ('r', 'p')"
                + " and not c.relispartition and c.relname <> ?")) {
      ps.setString(1, MIGRATION_HISTORY);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          oids.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    List<Table> tables = new ArrayList<>();
    for (String name : dependencyOrder(c, oids.keySet())) {
      long oid = oids.get(name);
      tables.add(new Table(name, columns(c, oid), primaryKey(c, oid)));
    }
    return tables;
  }

  /** Whether the current schema holds anything at all: a restore goes into an empty one only. */
  static long relations(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = current_schema()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The tables of the schema whose row-level security binds their owner too. */
  static List<String> forcedRowSecurity(Connection c) throws SQLException {
    List<String> forced = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = current_schema() and c.relforcerowsecurity"
                    + " order by c.relname");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        forced.add(rs.getString(1));
      }
    }
    return forced;
  }

  /** The newest versioned migration applied: the schema a backup's rows belong to. */
  static String schemaVersion(Connection c) throws SQLException {
    MigrationVersion newest = null;
    try (PreparedStatement ps =
            c.prepareStatement(
                "select version from " + MIGRATION_HISTORY + " where success and version <> ''");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        MigrationVersion version = MigrationVersion.fromVersion(rs.getString(1));
        if (newest == null || version.isNewerThan(newest)) {
          newest = version;
        }
      }
    }
    if (newest == null) {
      throw new SQLException("the database has no migrated schema");
    }
    return newest.getVersion();
  }

  /** Every sequence of the schema (identity columns' too) with its current value. */
  static Map<String, Long> sequences(Connection c) throws SQLException {
    Map<String, Long> sequences = new TreeMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select sequencename, last_value from pg_sequences"
                    + " where schemaname = current_schema()");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(1);
        long value = rs.getLong(2);
        // A sequence never used has no last value: it is restored as never used.
        sequences.put(name, rs.wasNull() ? null : value);
      }
    }
    return sequences;
  }

  private static List<String> columns(Connection c, long oid) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select attname from pg_attribute where attrelid = ? and attnum > 0"
                + " and not attisdropped and attgenerated = '' order by attnum")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  private static List<String> primaryKey(Connection c, long oid) throws SQLException {
    List<String> key = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select a.attname from pg_index i"
                + " cross join lateral unnest(i.indkey) with ordinality k(attnum, position)"
                + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum"
                + " where i.indrelid = ? and i.indisprimary order by k.position")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          key.add(rs.getString(1));
        }
      }
    }
    return key;
  }

  /**
   * Referenced tables first (ties by name), so rows load with every foreign key checked. A table
   * pointing at itself is fine (its rows are checked at the end of its one COPY); a cycle between
   * tables would be loaded in name order and refused by its foreign keys.
   */
  private static List<String> dependencyOrder(Connection c, java.util.Set<String> names)
      throws SQLException {
    Map<String, TreeSet<String>> needs = new LinkedHashMap<>();
    names.forEach(n -> needs.put(n, new TreeSet<>()));
    try (PreparedStatement ps =
            c.prepareStatement(
                "select f.conrelid::regclass::text, f.confrelid::regclass::text"
                    + " from pg_constraint f join pg_namespace n on n.oid = f.connamespace"
                    + " where f.contype = 'f' and n.nspname = current_schema()");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String table = unquoted(rs.getString(1));
        String referenced = unquoted(rs.getString(2));
        if (!table.equals(referenced) && needs.containsKey(table) && names.contains(referenced)) {
          needs.get(table).add(referenced);
        }
      }
    }
    List<String> order = new ArrayList<>();
    Map<String, TreeSet<String>> left = new HashMap<>(needs);
    while (!left.isEmpty()) {
      String next =
          new TreeSet<>(left.keySet())
              .stream()
                  .filter(t -> order.containsAll(left.get(t)))
                  .findFirst()
                  .orElseGet(() -> new TreeSet<>(left.keySet()).first());
      order.add(next);
      left.remove(next);
    }
    return order;
  }

  private static String unquoted(String regclass) {
    return regclass.startsWith("\"") ? regclass.substring(1, regclass.length() - 1) : regclass;
  }
}
