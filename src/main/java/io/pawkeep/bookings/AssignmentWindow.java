package io.pawkeep.bookings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The application's side of AUTHZ-5, the same rule as {@code pawkeep_my_assigned_bookings} in
 * {@code V21__bookings.sql}: an assignment is open for a permission while the caller is the
 * booking's assignee, holds the permission, the booking is not cancelled, the time is from the
 * margin before its start until the margin after its end, and the household is an active client.
 * Start and end are the times the household agreed to; a business's pending reschedule opens
 * nothing ({@code V28__agreed_booking_times.sql}).
 */
@Component
class AssignmentWindow {

  private final BookingRepository bookings;
  private final BookingProperties properties;
  private final Clock clock;

  AssignmentWindow(BookingRepository bookings, BookingProperties properties, Clock clock) {
    this.bookings = bookings;
    this.properties = properties;
    this.clock = clock;
  }

  boolean open(UUID caller, BookingView booking, Set<String> permissions, String permission) {
    if (!caller.equals(booking.assigneeId())
        || !permissions.contains(permission)
        || BookingStatus.CANCELLED.value().equals(booking.status())) {
      return false;
    }
    Instant now = clock.instant();
    Duration margin = properties.assignmentMargin();
    return !now.isBefore(booking.startsAt().minus(margin))
        && now.isBefore(booking.endsAt().plus(margin))
        && bookings.activeClient(booking.businessId(), booking.householdId());
  }
}
