package io.pawkeep.web;

import java.util.Objects;

/**
 * One page of a list (HARD-8): how many items, and after which position. {@code limit} defaults to
 * {@value #DEFAULT_LIMIT}; a limit outside 1..{@value #MAX_LIMIT} is a 400 rather than silently
 * clamped, so a client that asks for more learns it will not get it. {@code after} is null on the
 * first page.
 */
public record PageRequest(String list, int limit, Cursor after) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public PageRequest {
    Objects.requireNonNull(list, "list cannot be null");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiProblem.badRequest("Parameter 'limit' must be between 1 and " + MAX_LIMIT + ".");
    }
    if (after != null && !after.list().equals(list)) {
      throw Cursor.invalid();
    }
  }

  /**
   * Parses the {@code limit} and {@code cursor} query parameters of the list named {@code list}.
   */
  public static PageRequest of(String list, Integer limit, String cursor) {
    return new PageRequest(
        list,
        limit == null ? DEFAULT_LIMIT : limit,
        cursor == null ? null : Cursor.decode(list, cursor));
  }

  public boolean first() {
    return after == null;
  }

  /** Rows to fetch: one more than the page, to know whether a next page exists. */
  public int fetch() {
    return limit + 1;
  }
}
