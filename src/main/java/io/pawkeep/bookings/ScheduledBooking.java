package io.pawkeep.bookings;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A booking on a business's schedule, with the names a day or week view shows beside it: the
 * assignee's display name for holders of staff.manage and the client household's name for holders
 * of clients.read (the rules of the business's staff and client lists), otherwise {@code null}.
 * Pets' names are not here: a business's schedulers do not see a household's pets (AUTHZ-5).
 */
record ScheduledBooking(
    @JsonUnwrapped BookingView booking, String assigneeName, String householdName) {

  static ScheduledBooking unnamed(BookingView booking) {
    return new ScheduledBooking(booking, null, null);
  }
}
