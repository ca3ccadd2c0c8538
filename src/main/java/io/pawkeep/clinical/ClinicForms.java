package io.pawkeep.clinical;

import io.pawkeep.web.ApiProblem;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * What the clinic's forms show again after a mistake (never the DEA number, which is typed again),
 * with one message per field. The messages are the facades' own, so the pages check exactly what
 * the API checks.
 */
final class ClinicForms {

  /** Times on the clinic's pages are UTC, as the API answers them. */
  static final DateTimeFormatter TIMES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  private static final Map<String, String> LABELS =
      Map.of("deaNumber", "DEA number", "givenAt", "Time given");

  private ClinicForms() {}

  record EntryForm(
      String kind, String summary, String value, String notes, Map<String, String> errors) {
    static EntryForm empty() {
      return new EntryForm("", "", "", "", Map.of());
    }
  }

  /** An entry's fields as its author amends them before the lock. */
  record AmendForm(
      UUID entryId,
      String kind,
      String summary,
      String value,
      String notes,
      Map<String, String> errors) {
    static AmendForm empty() {
      return new AmendForm(null, "", "", "", "", Map.of());
    }
  }

  record AddendumForm(UUID entryId, String summary, String notes, Map<String, String> errors) {
    static AddendumForm empty() {
      return new AddendumForm(null, "", "", Map.of());
    }
  }

  record PrescriptionForm(
      String drug,
      String schedule,
      String quantity,
      String unit,
      String directions,
      Map<String, String> errors) {
    static PrescriptionForm empty() {
      return new PrescriptionForm("", "III", "", "ml", "", Map.of());
    }
  }

  record AdministerForm(
      UUID prescriptionId,
      String quantity,
      String givenAt,
      String notes,
      Map<String, String> errors) {
    static AdministerForm empty() {
      return new AdministerForm(null, "", "", "", Map.of());
    }
  }

  /**
   * The field a facade's 400 names (its message starts with the field's name) with the message for
   * a person; an unknown field goes to {@code fallback}.
   */
  static Map<String, String> fieldError(ApiProblem problem, String fallback) {
    String message = problem.getMessage();
    int space = message.indexOf(' ');
    String field = space < 0 ? fallback : message.substring(0, space);
    String label = LABELS.get(field);
    if (label != null) {
      message = label + message.substring(field.length());
    } else if (!message.isEmpty()) {
      message = Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
    return Map.of(field, message);
  }

  /** A quantity as typed, or {@code null} for the facade to refuse as it refuses a missing one. */
  static BigDecimal quantity(String typed) {
    try {
      return typed == null || typed.isBlank() ? null : new BigDecimal(typed.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A time typed in a {@code datetime-local} field, read as UTC; empty means now. */
  static java.time.Instant givenAt(String typed, java.time.Instant now) {
    if (typed == null || typed.isBlank()) {
      return now;
    }
    try {
      return LocalDateTime.parse(typed.strip()).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
