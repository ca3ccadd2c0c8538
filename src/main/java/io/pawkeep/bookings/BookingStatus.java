package io.pawkeep.bookings;

import io.pawkeep.web.ApiProblem;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Where a booking stands, and the one place its valid transitions are defined (the database's
 * {@code booking_transitions} table holds the same pairs and a trigger refuses any other).
 */
enum BookingStatus {
  REQUESTED,
  CONFIRMED,
  IN_PROGRESS,
  COMPLETED,
  CANCELLED;

  String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  Set<BookingStatus> next() {
    return switch (this) {
      case REQUESTED -> Set.of(CONFIRMED, CANCELLED);
      case CONFIRMED -> Set.of(IN_PROGRESS, CANCELLED);
      case IN_PROGRESS -> Set.of(COMPLETED);
      case COMPLETED, CANCELLED -> Set.of();
    };
  }

  /** Fails with 409 unless a booking in this status may move to {@code target}. */
  void requireTransitionTo(BookingStatus target) {
    if (!next().contains(target)) {
      throw ApiProblem.conflict("A " + value() + " booking cannot become " + target.value() + ".");
    }
  }

  static BookingStatus of(String value) {
    return Arrays.stream(values())
        .filter(s -> s.value().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "status must be one of requested, confirmed, in_progress, completed,"
                        + " cancelled."));
  }
}
