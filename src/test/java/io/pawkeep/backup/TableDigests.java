package io.pawkeep.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every table of a database, summed up per table by SQL alone (each row's text form,
 * sorted, hashed with md5), apart from the backup's own manifest code, so a test can compare two
 * databases row for row.
 */
final class TableDigests {

  private TableDigests() {}

  interface Connector {
    Connection connect() throws SQLException;
  }

  /** Table name to "row count:md5 of all its rows", for every table but Flyway's. */
  static Map<String, String> of(Connector owner) throws SQLException {
    Map<String, String> digests = new TreeMap<>();
    try (Connection c = owner.connect();
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "select tablename from pg_tables where schemaname = current_schema()"
                  + " and tablename <> 'flyway_schema_history'"
                  // A monthly partition's rows are read through its parent (V49).
                  + " and tablename not in (select relname from pg_class where relispartition)")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet rs =
            s.executeQuery(
                "select count(*) || ':' || coalesce(md5(string_agg(r::text, E'\\n' order by"
                    + " r::text)), '') from \""
                    + table
                    + "\" r")) {
          rs.next();
          digests.put(table, rs.getString(1));
        }
      }
    }
    return digests;
  }
}
