package io.pawkeep.bookings;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.web.ApiProblem;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Reads what the caller is to a booking, through the households and businesses facades: a booking
 * the caller is neither household member, scheduler nor assignee of answers 404 like a missing one
 * (row-level security already hides it; this checks again).
 */
@Component
class BookingAccess {

  private final BookingRepository bookings;
  private final Households households;
  private final Businesses businesses;
  private final AssignmentWindow window;

  BookingAccess(
      BookingRepository bookings,
      Households households,
      Businesses businesses,
      AssignmentWindow window) {
    this.bookings = bookings;
    this.households = households;
    this.businesses = businesses;
    this.window = window;
  }

  /** Whether the caller is the booking's assignee inside its window, as {@link Standing} says. */
  boolean assignmentOpen(UUID caller, BookingView booking, java.util.Set<String> permissions) {
    return window.open(caller, booking, permissions, "bookings.read");
  }

  Standing standing(UUID caller, UUID id) {
    BookingView booking = bookings.find(id, false).orElseThrow(ApiProblem::notFound);
    HouseholdView household = households.find(caller, booking.householdId()).orElse(null);
    Standing standing =
        new Standing(
            caller,
            booking,
            household,
            businesses.permissionsOf(caller, booking.businessId()),
            window);
    if (household == null && !standing.scheduler() && !standing.assignee()) {
      throw ApiProblem.notFound();
    }
    return standing;
  }
}
