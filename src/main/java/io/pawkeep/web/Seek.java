package io.pawkeep.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of one page by position (HARD-8): the condition that keeps the rows after the page's
 * cursor, as positional parameters ({@code ""} on the first page), its values, and how many rows to
 * fetch. Built by {@link PageRequest#seek(SortKey)}.
 */
public record Seek(String condition, List<Object> values, int fetch) {

  public Seek {
    values = List.copyOf(values);
  }

  /** {@code " and <condition>"}, or {@code ""} on the first page. */
  public String and() {
    return condition.isEmpty() ? "" : " and " + condition;
  }

  /** {@code " where <condition>"}, or {@code ""} on the first page. */
  public String where() {
    return condition.isEmpty() ? "" : " where " + condition;
  }

  /**
   * The parameters of a query that takes {@code leading}, then this condition's values, then the
   * row count ({@code limit ?}) last.
   */
  public List<Object> params(Object... leading) {
    List<Object> all = new ArrayList<>(leading.length + values.size() + 1);
    all.addAll(Arrays.asList(leading));
    all.addAll(values);
    all.add(fetch);
    return all;
  }
}
