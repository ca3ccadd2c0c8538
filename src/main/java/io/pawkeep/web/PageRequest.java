package io.pawkeep.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
   * {@code (created_at, id) < (:after0, :after1)} newest first, with the cursor's values as named
   * parameters; a cursor that does not hold the key's values is a 400.
   */
  public Seek seek(SortKey key) {
    if (first()) {
      return new Seek("", Map.of(), fetch());
    }
    List<String> names = new ArrayList<>();
    List<String> placeholders = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < key.columns().size(); i++) {
      SortKey.Column column = key.columns().get(i);
      names.add(column.name());
      placeholders.add(":" + Seek.PARAMETER + i);
      values.put(
          Seek.PARAMETER + i,
          switch (column.kind()) {
            case INSTANT -> Instants.timestamp(after.instant(i));
            case UUID -> after.uuid(i);
            case TEXT -> after.text(i);
            case NUMBER -> after.number(i);
          });
    }
    String comparison = key.descending() ? " < " : " > ";
    String condition =
        names.size() == 1
            ? names.getFirst() + comparison + placeholders.getFirst()
            : "("
                + String.join(", ", names)
                + ")"
                + comparison
                + "("
                + String.join(", ", placeholders)
                + ")";
    return new Seek(condition, values, fetch());
  }
}
