package io.pawkeep.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Times as pages show them, in UTC and said so ({@code ${@utcTimes.format(b.startsAt)}}), and as
 * the value of a {@code datetime-local} field. People have no time zone setting yet, so pages never
 * guess one.
 */
@Component("utcTimes")
public class UtcTimes {

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FIELD =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** "Tue 1 Dec 2026, 10:00 UTC"; empty for no time. */
  public String format(Instant instant) {
    return instant == null ? "" : SHOWN.format(instant);
  }

  /** The value of a {@code datetime-local} field, in UTC; empty for no time. */
  public String field(Instant instant) {
    return instant == null ? "" : FIELD.format(instant);
  }

  /**
   * A {@code datetime-local} field's value read as UTC, or {@code null} when it is blank or not a
   * time (the page then shows its error beside the field).
   */
  public static Instant parseField(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return java.time.LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
