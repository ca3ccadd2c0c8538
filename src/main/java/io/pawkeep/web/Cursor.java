package io.pawkeep.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A position in one list: the values of the list's sort key for the last item of a page, as an
 * opaque base64url token. It is not signed: it only positions a query that keeps its own tenant
 * filter and row-level security, so a forged cursor reaches nothing the caller could not list
 * anyway (HARD-8). Anything that does not decode to this list's keys is a 400, never a 500.
 */
public record Cursor(String list, List<String> keys) {

  /** Longer tokens are refused before decoding. */
  static final int MAX_LENGTH = 512;

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant BEYOND_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Cursor {
    Objects.requireNonNull(list, "list cannot be null");
    keys = List.copyOf(keys);
  }

  /**
   * The position after an item whose sort key is {@code keys} (instants, uuids, numbers or text).
   */
  public static Cursor of(String list, Object... keys) {
    List<String> values = new ArrayList<>(keys.length);
    for (Object key : keys) {
      values.add(String.valueOf(Objects.requireNonNull(key, "cursor keys cannot be null")));
    }
    return new Cursor(list, values);
  }

  public String encode() {
    List<String> all = new ArrayList<>(keys.size() + 1);
    all.add(list);
    all.addAll(keys);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(all));
  }

  /** Decodes a token of {@code list}; a 400 problem otherwise. */
  static Cursor decode(String list, String token) {
    if (token.isEmpty() || token.length() > MAX_LENGTH) {
      throw invalid();
    }
    try {
      String[] all =
          JSON.readValue(
              new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8),
              String[].class);
      if (all == null || all.length < 2 || !list.equals(all[0])) {
        throw invalid();
      }
      for (String value : all) {
        if (value == null) {
          throw invalid();
        }
      }
      return new Cursor(list, List.of(all).subList(1, all.length));
    } catch (IllegalArgumentException | JacksonException e) {
      throw invalid();
    }
  }

  /** A time within the years 1 to 9999, the range the database stores; anything else is a 400. */
  Instant instant(int index) {
    Instant instant;
    try {
      instant = Instant.parse(key(index));
    } catch (DateTimeParseException e) {
      throw invalid();
    }
    if (instant.isBefore(EARLIEST) || !instant.isBefore(BEYOND_LATEST)) {
      throw invalid();
    }
    return instant;
  }

  UUID uuid(int index) {
    try {
      return UUID.fromString(key(index));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  long number(int index) {
    try {
      return Long.parseLong(key(index));
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private String key(int index) {
    if (index >= keys.size()) {
      throw invalid();
    }
    return keys.get(index);
  }

  String text(int index) {
    return key(index);
  }

  static ApiProblem invalid() {
    return ApiProblem.badRequest(
        "Parameter 'cursor' is not a cursor of this list; pass the 'next' value of its last page.");
  }
}
