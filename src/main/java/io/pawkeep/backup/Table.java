package io.pawkeep.backup;

import java.util.List;

/** A table as a backup copies it: its stored columns, and the key its rows are ordered by. */
record Table(String name, List<String> columns, List<String> orderBy) {

  Table {
    columns = List.copyOf(columns);
    orderBy = List.copyOf(orderBy);
  }

  /** Rows in key order, so a restored table gives the same bytes and the same digest. */
  String copyOut() {
    String order = orderBy.isEmpty() ? "" : " order by " + quoted(orderBy);
    return "copy (select "
        + quoted(columns)
        + " from "
        + quote(name)
        + order
        + ") to stdout (format binary)";
  }

  String copyIn() {
    return "copy " + quote(name) + " (" + quoted(columns) + ") from stdin (format binary)";
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String quoted(List<String> identifiers) {
    return String.join(", ", identifiers.stream().map(Table::quote).toList());
  }
}
