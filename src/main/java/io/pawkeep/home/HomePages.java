package io.pawkeep.home;

import io.pawkeep.accounts.Operators;
import io.pawkeep.bookings.HomeBookings;
import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /}: the sign-in page for a stranger; for someone signed in, a home led by what each of
 * their roles has today (DOM-9). Each section is one query at most, through the facades the API
 * calls, and only asked for when the person has that role: their households' bookings and their
 * households (always, with the empty state); their assignments today and, where they schedule, the
 * requests waiting (staff of a business); their clinics' patients (from the businesses list, no
 * query); the operator's tools (only for an address on the operators' list). Sections with more
 * today come first. "Today" is the day in the person's own time zone, the one every page shows
 * times in.
 */
@Controller
class HomePages {

  /** Bookings shown on the home page; the household's bookings page lists the rest. */
  static final int SHOWN = 10;

  /** Households and businesses listed; the Households and Businesses pages list the rest. */
  static final int LISTED = 50;

  /** A section of the home: its fragment in {@code templates/home/} and what it has today. */
  record Section(String fragment, int today, boolean relevant) {}

  private final CurrentUser currentUser;
  private final Households households;
  private final Businesses businesses;
  private final HomeBookings bookings;
  private final Operators operators;
  private final UtcTimes times;
  private final Clock clock;

  HomePages(
      CurrentUser currentUser,
      Households households,
      Businesses businesses,
      HomeBookings bookings,
      Operators operators,
      UtcTimes times,
      Clock clock) {
    this.currentUser = currentUser;
    this.households = households;
    this.businesses = businesses;
    this.bookings = bookings;
    this.operators = operators;
    this.times = times;
    this.clock = clock;
  }

  @GetMapping("/")
  String home(Model model) {
    if (!currentUser.isSignedIn()) {
      return "forward:/sign-in";
    }
    UUID me = currentUser.userId();
    ZoneId zone = times.zone();
    LocalDate day = LocalDate.ofInstant(clock.instant(), zone);
    Instant dayStarts = day.atStartOfDay(zone).toInstant();
    Instant dayEnds = day.plusDays(1).atStartOfDay(zone).toInstant();
    List<Section> sections = new ArrayList<>();

    List<HouseholdView> myHouseholds =
        households.mine(me, PageRequest.of("households", LISTED, null)).items();
    Map<UUID, String> householdNames = new HashMap<>();
    myHouseholds.forEach(h -> householdNames.put(h.id(), h.name()));
    List<HomeBookings.Item> myBookings =
        myHouseholds.isEmpty() ? List.of() : bookings.ofMyHouseholds(me, SHOWN);
    model.addAttribute("households", myHouseholds);
    model.addAttribute("householdNames", householdNames);
    model.addAttribute("myBookings", myBookings);
    sections.add(
        new Section(
            "household",
            (int) myBookings.stream().filter(b -> b.during(dayStarts, dayEnds)).count(),
            !myHouseholds.isEmpty()));

    List<BusinessView> myBusinesses =
        businesses.mine(me, PageRequest.of("businesses", LISTED, null)).items();
    if (!myBusinesses.isEmpty()) {
      Map<UUID, String> businessNames = new HashMap<>();
      myBusinesses.forEach(b -> businessNames.put(b.id(), b.name()));
      boolean assignable =
          myBusinesses.stream().anyMatch(b -> b.permissions().contains("bookings.read"));
      List<HomeBookings.Item> assignments =
          assignable ? bookings.assignedTo(me, dayStarts, dayEnds, SHOWN) : List.of();
      Map<UUID, Integer> waiting = bookings.requestsWaiting(me, myBusinesses);
      model.addAttribute("businesses", myBusinesses);
      model.addAttribute("businessNames", businessNames);
      model.addAttribute("assignable", assignable);
      model.addAttribute("assignments", assignments);
      model.addAttribute("requestsWaiting", waiting);
      int today = assignments.size();
      for (int n : waiting.values()) {
        today += n;
      }
      sections.add(new Section("work", today, true));
      if (myBusinesses.stream().anyMatch(HomePages::clinician)) {
        model.addAttribute("clinics", myBusinesses.stream().filter(HomePages::clinician).toList());
        sections.add(new Section("clinics", 0, true));
      }
    }

    // Only an address on the operators' list can be one: nobody else costs a query.
    if (currentUser.person().map(p -> operators.isListed(p.email())).orElse(false)) {
      Operators.Standing standing = operators.standing(me);
      if (standing != Operators.Standing.NONE) {
        model.addAttribute("operatorReady", standing == Operators.Standing.OPERATOR);
        sections.add(new Section("operator", 0, true));
      }
    }

    // What has most today first; then sections about something the person has; then as listed.
    sections.sort(
        Comparator.comparingInt(Section::today)
            .reversed()
            .thenComparing(Section::relevant, Comparator.reverseOrder()));
    model.addAttribute("sections", sections.stream().map(Section::fragment).toList());
    return "home/home";
  }

  /** Veterinarians and technicians: a clinic whose patients they may see. */
  private static boolean clinician(BusinessView business) {
    return "clinic".equals(business.kind())
        && (business.permissions().contains("medical.read")
            || business.permissions().contains("medical.write"));
  }
}
