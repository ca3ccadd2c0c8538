package io.pawkeep.bookings;

import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.businesses.StaffName;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /businesses/{id}/schedule}: a business's bookings by day or week, for everyone or one
 * staff member, and the requests waiting for approval. Everything comes from {@link
 * Bookings#schedule}, the facade of {@code GET /api/v1/bookings}, so staff without bookings.write
 * see only their own assignments exactly as in the API (DOM-5, AUTHZ-5). Times are shown in UTC.
 */
@Controller
class SchedulePages {

  private final Bookings bookings;
  private final Businesses businesses;
  private final CurrentUser currentUser;
  private final java.time.Clock clock;

  private final UtcTimes times;

  SchedulePages(
      Bookings bookings,
      Businesses businesses,
      CurrentUser currentUser,
      java.time.Clock clock,
      UtcTimes times) {
    this.times = times;
    this.bookings = bookings;
    this.businesses = businesses;
    this.currentUser = currentUser;
    this.clock = clock;
  }

  /** One day of a day or week view; {@code bookings} may be empty. */
  record Day(String label, List<BookingRow> bookings) {}

  @GetMapping("/businesses/{id}/schedule")
  String schedule(
      @PathVariable UUID id,
      @RequestParam(required = false) String date,
      @RequestParam(required = false) String view,
      @RequestParam(required = false) String staff,
      @RequestParam(required = false) String cursor,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    boolean scheduler = business.permissions().contains("bookings.write");
    // Days begin and end at midnight where the reader is (UTC unless they chose a zone).
    ZoneId zone = times.zone();
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    boolean week = "week".equals(view);
    LocalDate day = today;
    String dateError = null;
    if (date != null && !date.isBlank()) {
      try {
        day = LocalDate.parse(date.strip());
      } catch (DateTimeParseException e) {
        dateError = "Enter a date as YYYY-MM-DD.";
      }
    }
    String staffFilter = null;
    String staffError = null;
    if (scheduler && staff != null && !staff.isBlank()) {
      try {
        staffFilter = UUID.fromString(staff.strip()).toString();
      } catch (IllegalArgumentException e) {
        staffError = "Choose a staff member from the list.";
      }
    }
    if (dateError != null || staffError != null) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    LocalDate first = week ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day;
    int days = week ? 7 : 1;
    Instant from = first.atStartOfDay(zone).toInstant();
    Instant to = first.plusDays(days).atStartOfDay(zone).toInstant();
    Page<ScheduledBooking> page =
        bookings.schedule(
            me, id, staffFilter, null, from, to, PageRequest.of("bookings", null, cursor));
    Map<LocalDate, List<BookingRow>> byDay = new LinkedHashMap<>();
    for (int i = 0; i < days; i++) {
      byDay.put(first.plusDays(i), new ArrayList<>());
    }
    Map<UUID, List<String>> petNames =
        bookings.petNames(me, id, page.items().stream().map(ScheduledBooking::booking).toList());
    for (ScheduledBooking b : page.items()) {
      LocalDate on = LocalDate.ofInstant(b.booking().startsAt(), zone);
      byDay
          .computeIfAbsent(on.isBefore(first) ? first : on, d -> new ArrayList<>())
          .add(BookingRow.of(b, zone, petNames.get(b.booking().id())));
    }
    List<Day> schedule = new ArrayList<>();
    byDay.forEach((d, rows) -> schedule.add(new Day(BookingRow.dayLabel(d), rows)));

    List<BookingRow> requests = List.of();
    if (scheduler) {
      Instant now = clock.instant();
      requests =
          bookings
              .schedule(
                  me,
                  id,
                  null,
                  BookingStatus.REQUESTED.value(),
                  now.minus(Duration.ofDays(1)),
                  now.minus(Duration.ofDays(1)).plus(BookingRules.LONGEST_RANGE),
                  PageRequest.of("bookings", null, null))
              .items()
              .stream()
              .map(b -> BookingRow.of(b, zone, null))
              .toList();
    }
    List<StaffName> staffNames = scheduler ? businesses.staffNames(me, id) : List.of();
    model.addAttribute("business", business);
    model.addAttribute("scheduler", scheduler);
    model.addAttribute("week", week);
    model.addAttribute("date", dateError != null ? date : day.toString());
    model.addAttribute("dateError", dateError);
    model.addAttribute("staff", staffError != null ? staff : staffFilter);
    model.addAttribute("staffError", staffError);
    model.addAttribute("staffNames", staffNames);
    model.addAttribute("days", schedule);
    model.addAttribute("heading", week ? "Week of " + BookingRow.dayLabel(first) : null);
    model.addAttribute("next", page.next());
    model.addAttribute("requests", requests);
    return "bookings/schedule";
  }
}
