package io.pawkeep.bookings;

import io.pawkeep.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Checks of what a client sends about a booking, each failing with a 400 naming the rule. */
final class BookingRules {

  static final Duration LONGEST_BOOKING = Duration.ofDays(60);
  static final int LONGEST_RANGE_DAYS = 92;
  static final Duration LONGEST_RANGE = Duration.ofDays(LONGEST_RANGE_DAYS);

  private BookingRules() {}

  static List<UUID> distinct(List<UUID> petIds) {
    List<UUID> clean = petIds == null ? List.of() : petIds.stream().distinct().toList();
    if (clean.isEmpty() || clean.size() > 20 || clean.contains(null)) {
      throw ApiProblem.badRequest("petIds must name 1 to 20 pets.");
    }
    return clean;
  }

  static void requireTimes(Instant startsAt, Instant endsAt) {
    if (!endsAt.isAfter(startsAt)) {
      throw ApiProblem.badRequest("endsAt must be after startsAt.");
    }
    if (Duration.between(startsAt, endsAt).compareTo(LONGEST_BOOKING) > 0) {
      throw ApiProblem.badRequest("A booking lasts at most 60 days.");
    }
  }

  static void requireRange(Instant from, Instant to) {
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(LONGEST_RANGE) > 0) {
      throw ApiProblem.badRequest("to must be after from, at most 92 days later.");
    }
  }

  /** A status to filter a list by, or {@code null} (none named) for any. */
  static BookingStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    return java.util.Arrays.stream(BookingStatus.values())
        .filter(s -> s.value().equals(status))
        .findFirst()
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "status must be requested, confirmed, in_progress, completed or cancelled."));
  }

  /** "me" is the caller; {@code null} or blank means nobody in particular. */
  static UUID staffId(UUID caller, String staff) {
    if (staff == null || staff.isBlank()) {
      return null;
    }
    if ("me".equals(staff)) {
      return caller;
    }
    try {
      return UUID.fromString(staff);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("staff must be me or a user id.");
    }
  }

  static String notes(String notes) {
    if (notes == null || notes.isBlank()) {
      return null;
    }
    String clean = notes.strip();
    if (clean.length() > 2000) {
      throw ApiProblem.badRequest("notes must have at most 2000 characters.");
    }
    return clean;
  }
}
