package io.pawkeep.web;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The sort key of a list paged by position (HARD-8): its columns in order, how the cursor holds
 * each value, and the direction. The column names are written into the SQL, so they are constants
 * from code, never input: anything but a plain (optionally qualified) column name is refused.
 */
public record SortKey(boolean descending, List<Column> columns) {

  public SortKey {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("columns cannot be empty");
    }
  }

  public static SortKey ascending(Column... columns) {
    return new SortKey(false, List.of(columns));
  }

  public static SortKey descending(Column... columns) {
    return new SortKey(true, List.of(columns));
  }

  /** A timestamp column; its cursor value is an instant. */
  public static Column instant(String name) {
    return new Column(name, Kind.INSTANT);
  }

  public static Column uuid(String name) {
    return new Column(name, Kind.UUID);
  }

  public static Column text(String name) {
    return new Column(name, Kind.TEXT);
  }

  public static Column number(String name) {
    return new Column(name, Kind.NUMBER);
  }

  /** One column of a sort key. */
  public record Column(String name, Kind kind) {

    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*");

    public Column {
      Objects.requireNonNull(name, "name cannot be null");
      Objects.requireNonNull(kind, "kind cannot be null");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("name must be a plain column name");
      }
    }
  }

  /** How a cursor holds a column's value. */
  public enum Kind {
    INSTANT,
    UUID,
    TEXT,
    NUMBER
  }
}
