package io.pawkeep.testing;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The request time the database's rules read ({@code pawkeep.now}): a request sets it from the
 * application's clock, and a test acting in the database sets it the same way, so time-bound rules
 * (assignment windows, clinical locks, audit times) follow the test's clock, not the wall clock.
 */
public final class RequestClock {

  private RequestClock() {}

  /** Sets the request time for the rest of the current transaction. */
  public static void set(JdbcClient sql, Instant at) {
    sql.sql("select set_config('pawkeep.now', ?, true)")
        .param(at.toString())
        .query(String.class)
        .single();
  }
}
