package io.pawkeep.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A booking as a line of a schedule page, with its times already written out in the reader's time
 * zone. Names are {@code null} where the caller may not read them (see {@link ScheduledBooking}).
 */
record BookingRow(
    UUID id,
    String day,
    String when,
    String service,
    String status,
    String assigneeName,
    boolean assigned,
    String householdName,
    int pets,
    List<String> petNames) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DAY =
      DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

  /** {@code petNames}: the pets by name for a reader who may read them, else {@code null}. */
  static BookingRow of(ScheduledBooking scheduled, ZoneId zone, List<String> petNames) {
    BookingView b = scheduled.booking();
    DateTimeFormatter time = TIME.withZone(zone);
    return new BookingRow(
        b.id(),
        SHORT_DAY.withZone(zone).format(b.startsAt()),
        time.format(b.startsAt()) + "–" + time.format(b.endsAt()),
        b.serviceName(),
        b.status(),
        scheduled.assigneeName(),
        b.assigneeId() != null,
        scheduled.householdName(),
        b.petIds().size(),
        petNames);
  }

  static String dateTime(ZoneId zone, Instant instant) {
    return instant == null ? null : DATE_TIME.withZone(zone).format(instant);
  }

  static String dayLabel(LocalDate day) {
    return DAY.format(day);
  }
}
