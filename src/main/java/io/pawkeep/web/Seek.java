package io.pawkeep.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows of one page by position (HARD-8): the condition that keeps the rows after the page's
 * cursor, with named parameters ({@code ""} on the first page), its values by name, and how many
 * rows to fetch ({@code limit :fetch}). Built by {@link PageRequest#seek(SortKey)}.
 */
public record Seek(String condition, Map<String, Object> values, int fetch) {

  /** The prefix of the condition's parameter names: {@code :after0}, {@code :after1}, ... */
  static final String PARAMETER = "after";

  public Seek {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** {@code " and <condition>"}, or {@code ""} on the first page. */
  public String and() {
    return condition.isEmpty() ? "" : " and " + condition;
  }

  /** {@code " where <condition>"}, or {@code ""} on the first page. */
  public String where() {
    return condition.isEmpty() ? "" : " where " + condition;
  }

  /** The condition's values and {@code fetch}, the row count of {@code limit :fetch}. */
  public Map<String, Object> params() {
    Map<String, Object> all = new LinkedHashMap<>(values);
    all.put("fetch", fetch);
    return all;
  }
}
