package io.pawkeep.web;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One page of a list (HARD-8): how many items, and after which position. {@code limit} defaults to
 * {@value #DEFAULT_LIMIT}; a limit outside 1..{@value #MAX_LIMIT} is a 400 rather than silently
 * clamped, so a client that asks for more learns it will not get it. {@code after} is null on the
 * first page.
 */
public record PageRequest(String list, int limit, Cursor after) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

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

  boolean first() {
    return after == null;
  }

  /** Rows to fetch: one more than the page, to know whether a next page exists. */
  int fetch() {
    return limit + 1;
  }

  /**
   * The condition that keeps the rows after this page's cursor in the order of {@code key}, e.g.
   * {@code (created_at, id) < (?, ?)} newest first, with the cursor's values as parameters; a
   * cursor that does not hold the key's values is a 400.
   */
  public Seek seek(SortKey key) {
    if (first()) {
      return new Seek("", List.of(), fetch());
    }
    List<String> names = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < key.columns().size(); i++) {
      SortKey.Column column = key.columns().get(i);
      names.add(column.name());
      values.add(
          switch (column.kind()) {
            case INSTANT -> Timestamp.from(after.instant(i));
            case UUID -> after.uuid(i);
            case TEXT -> after.text(i);
            case NUMBER -> after.number(i);
          });
    }
    String comparison = key.descending() ? " < " : " > ";
    String condition =
        names.size() == 1
            ? names.getFirst() + comparison + "?"
            : "("
                + String.join(", ", names)
                + ")"
                + comparison
                + "("
                + String.join(", ", Collections.nCopies(names.size(), "?"))
                + ")";
    return new Seek(condition, values, fetch());
  }
}
