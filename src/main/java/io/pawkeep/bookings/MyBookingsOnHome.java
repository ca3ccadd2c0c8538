package io.pawkeep.bookings;

import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.PageRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The home page's "Today and upcoming" section (DOM-9): the person's bookings across every
 * household they belong to, from the same facade as {@code GET /api/v1/me/bookings}. Added to the
 * model of the home page's controller only, and only for someone signed in; the section itself is
 * {@code templates/home/bookings.html}.
 */
@ControllerAdvice(basePackages = "io.pawkeep.home")
class MyBookingsOnHome {

  /** Bookings shown on the home page; the household's bookings page lists the rest. */
  static final int SHOWN = 10;

  /** A booking with the name of its household. */
  record HomeBooking(BookingView booking, String householdName) {}

  private final Bookings bookings;
  private final Households households;
  private final CurrentUser currentUser;

  MyBookingsOnHome(Bookings bookings, Households households, CurrentUser currentUser) {
    this.bookings = bookings;
    this.households = households;
    this.currentUser = currentUser;
  }

  @ModelAttribute("myBookings")
  List<HomeBooking> myBookings() {
    if (!currentUser.isSignedIn()) {
      return null;
    }
    UUID me = currentUser.userId();
    List<BookingView> mine =
        bookings.ofMyHouseholds(me, null, null, PageRequest.of("my-bookings", SHOWN, null)).items();
    if (mine.isEmpty()) {
      return List.of();
    }
    Map<UUID, String> names = new HashMap<>();
    for (HouseholdView h : households.mine(me, PageRequest.of("households", 200, null)).items()) {
      names.put(h.id(), h.name());
    }
    return mine.stream()
        .map(b -> new HomeBooking(b, names.getOrDefault(b.householdId(), "")))
        .toList();
  }
}
