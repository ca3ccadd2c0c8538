package io.pawkeep.documents;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a download's {@code Range} header asks of a file of a given size (RFC 9110 §14): the whole
 * file, one range, or nothing it has. Only one range is served: several ranges, an unparsable
 * header, another unit or an {@code If-Range} (downloads carry no validator, so it never matches)
 * answer the whole file, as RFC 9110 allows.
 */
sealed interface ByteRange {

  /** The whole file (200). */
  record Whole() implements ByteRange {}

  /** Bytes {@code first}..{@code last} inclusive (206). */
  record Part(long first, long last) implements ByteRange {
    long length() {
      return last - first + 1;
    }
  }

  /** No byte of the file is in the range (416). */
  record Unsatisfiable() implements ByteRange {}

  Pattern SINGLE = Pattern.compile("bytes=[ \\t]*(\\d{0,18})-(\\d{0,18})[ \\t]*");

  static ByteRange of(String range, String ifRange, long size) {
    if (range == null || ifRange != null) {
      return new Whole();
    }
    Matcher single = SINGLE.matcher(range.toLowerCase(Locale.ROOT));
    if (!single.matches()) {
      return new Whole();
    }
    String first = single.group(1);
    String last = single.group(2);
    if (first.isEmpty()) {
      if (last.isEmpty()) {
        return new Whole();
      }
      long suffix = Long.parseLong(last);
      if (suffix == 0 || size == 0) {
        return new Unsatisfiable();
      }
      return new Part(Math.max(0, size - suffix), size - 1);
    }
    long from = Long.parseLong(first);
    if (!last.isEmpty() && Long.parseLong(last) < from) {
      return new Whole();
    }
    if (from >= size) {
      return new Unsatisfiable();
    }
    long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
    return new Part(from, to);
  }
}
