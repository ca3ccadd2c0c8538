package io.pawkeep.web;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Instants into and out of {@code timestamptz} columns, the one way every repository converts them:
 * SQL null is null both ways. It lives here, beside the paging that binds cursor times, because
 * every module that stores a time may depend on this one.
 */
public final class Instants {

  private Instants() {}

  /** The column's instant, or null when the column is null. */
  public static Instant from(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  /** The instant in the column at {@code index} (from 1), or null when the column is null. */
  public static Instant from(ResultSet rs, int index) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(index);
    return timestamp == null ? null : timestamp.toInstant();
  }

  /** The instant as a statement parameter; null stays null. */
  public static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
