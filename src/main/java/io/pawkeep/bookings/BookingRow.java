package io.pawkeep.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * A booking as a line of a schedule page, with its times already written out (UTC). Names are
 * {@code null} where the caller may not read them (see {@link ScheduledBooking}).
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
    int pets) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SHORT_DAY =
      DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

  static BookingRow of(ScheduledBooking scheduled) {
    BookingView b = scheduled.booking();
    return new BookingRow(
        b.id(),
        SHORT_DAY.format(b.startsAt()),
        TIME.format(b.startsAt()) + "–" + TIME.format(b.endsAt()),
        b.serviceName(),
        b.status(),
        scheduled.assigneeName(),
        b.assigneeId() != null,
        scheduled.householdName(),
        b.petIds().size());
  }

  static String dateTime(Instant instant) {
    return instant == null ? null : DATE_TIME.format(instant) + " UTC";
  }

  static String dayLabel(LocalDate day) {
    return DAY.format(day);
  }
}
