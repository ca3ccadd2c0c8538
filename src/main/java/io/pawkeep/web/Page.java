package io.pawkeep.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, the answer of every list that grows with use (HARD-8): the items, and the
 * cursor of the next page ({@code null} on the last one). {@link NextPageLink} also sends it as a
 * {@code Link: <...>; rel="next"} header.
 */
public record Page<T>(List<T> items, String next) {

  public Page {
    items = List.copyOf(items);
  }

  /**
   * The page out of {@code rows} fetched with {@link PageRequest#fetch()}: a row beyond the limit
   * means there is a next page, which starts after the last item kept.
   */
  public static <T> Page<T> of(List<T> rows, PageRequest request, Function<T, Cursor> position) {
    if (rows.size() <= request.limit()) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, request.limit());
    return new Page<>(items, position.apply(items.getLast()).encode());
  }

  public <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), next);
  }
}
