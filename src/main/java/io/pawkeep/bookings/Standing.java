package io.pawkeep.bookings;

import io.pawkeep.households.HouseholdView;
import java.util.Set;
import java.util.UUID;

/**
 * What the caller is to one booking, read in this request's transaction: a member of its household
 * ({@code household} is then their view of it), a scheduler of its business (bookings.write), its
 * assignee, or several of these.
 */
final class Standing {

  private final UUID caller;
  private final BookingView booking;
  private final HouseholdView household;
  private final Set<String> permissions;
  private final AssignmentWindow window;

  Standing(
      UUID caller,
      BookingView booking,
      HouseholdView household,
      Set<String> permissions,
      AssignmentWindow window) {
    this.caller = caller;
    this.booking = booking;
    this.household = household;
    this.permissions = Set.copyOf(permissions);
    this.window = window;
  }

  BookingView booking() {
    return booking;
  }

  HouseholdView household() {
    return household;
  }

  Set<String> permissions() {
    return permissions;
  }

  /** Owners and members of the household; sitters only read. */
  boolean householdWriter() {
    return household != null
        && ("owner".equals(household.role()) || "member".equals(household.role()));
  }

  boolean scheduler() {
    return permissions.contains("bookings.write");
  }

  boolean assignee() {
    return caller.equals(booking.assigneeId()) && permissions.contains("bookings.read");
  }

  /** Whether the caller's assignment to this booking is open now for {@code permission}. */
  boolean assignmentOpen(String permission) {
    return window.open(caller, booking, permissions, permission);
  }
}
