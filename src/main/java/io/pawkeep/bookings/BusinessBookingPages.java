package io.pawkeep.bookings;

import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.businesses.StaffName;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /businesses/{id}/bookings/{bookingId}}: one booking as the business sees it. Schedulers
 * (bookings.write) approve or decline a request and assign it; the assigned staff member sees the
 * pets with their care instructions only while {@link Bookings#get} (the facade of {@code GET
 * /api/v1/bookings/{id}}) gives them, i.e. inside the assignment window (AUTHZ-5). A booking of
 * another business, or one the caller does not see, answers the 404 page; every action goes through
 * the same facade methods as the API, which refuse what the caller may not do (403 page).
 */
@Controller
class BusinessBookingPages {

  private final Bookings bookings;
  private final Businesses businesses;
  private final CurrentUser currentUser;

  private final UtcTimes times;

  BusinessBookingPages(
      Bookings bookings, Businesses businesses, CurrentUser currentUser, UtcTimes times) {
    this.times = times;
    this.bookings = bookings;
    this.businesses = businesses;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses/{id}/bookings/{bookingId}")
  String booking(@PathVariable UUID id, @PathVariable UUID bookingId, Model model) {
    return render(id, bookingId, model, null, null, null);
  }

  @PostMapping("/businesses/{id}/bookings/{bookingId}/approve")
  String approve(@PathVariable UUID id, @PathVariable UUID bookingId) {
    UUID me = requireOfBusiness(id, bookingId);
    bookings.changeStatus(me, bookingId, BookingStatus.CONFIRMED.value(), null);
    return redirect(id, bookingId);
  }

  @PostMapping("/businesses/{id}/bookings/{bookingId}/decline")
  String decline(
      @PathVariable UUID id,
      @PathVariable UUID bookingId,
      @RequestParam(required = false) String reason,
      Model model,
      HttpServletResponse response) {
    UUID me = requireOfBusiness(id, bookingId);
    String clean = reason == null ? "" : reason.strip();
    String error = null;
    if (clean.isEmpty()) {
      error = "Say why you decline, for the household.";
    } else if (clean.length() > 500) {
      error = "Keep the reason under 500 characters.";
    }
    if (error != null && scheduler(me, id)) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return render(id, bookingId, model, reason, error, null);
    }
    bookings.changeStatus(me, bookingId, BookingStatus.CANCELLED.value(), clean);
    return redirect(id, bookingId);
  }

  @PostMapping("/businesses/{id}/bookings/{bookingId}/assign")
  String assign(
      @PathVariable UUID id,
      @PathVariable UUID bookingId,
      @RequestParam(required = false) String assignee,
      Model model,
      HttpServletResponse response) {
    UUID me = requireOfBusiness(id, bookingId);
    UUID chosen = null;
    if (assignee != null && !assignee.isBlank()) {
      try {
        chosen = UUID.fromString(assignee.strip());
      } catch (IllegalArgumentException e) {
        chosen = null;
      }
    }
    // Only the business's own staff can be chosen; the database refuses anyone else as well.
    if (!scheduler(me, id)) {
      // Refused by the facade exactly as the API refuses it (403), whatever was chosen.
      bookings.assign(me, bookingId, chosen == null ? me : chosen);
    }
    UUID wanted = chosen;
    boolean onStaff =
        wanted != null
            && (wanted.equals(me)
                || businesses.staffNames(me, id).stream().anyMatch(s -> s.userId().equals(wanted)));
    if (!onStaff) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return render(id, bookingId, model, null, null, "Choose a member of the staff.");
    }
    bookings.assign(me, bookingId, chosen);
    return redirect(id, bookingId);
  }

  private boolean scheduler(UUID me, UUID id) {
    return businesses.permissionsOf(me, id).contains("bookings.write");
  }

  /** 404 unless the caller sees the booking and it belongs to this business. */
  private UUID requireOfBusiness(UUID id, UUID bookingId) {
    UUID me = currentUser.userId();
    businesses.get(me, id);
    if (!bookings.businessOf(bookingId).map(id::equals).orElse(false)) {
      throw ApiProblem.notFound();
    }
    return me;
  }

  private String render(
      UUID id,
      UUID bookingId,
      Model model,
      String reason,
      String reasonError,
      String assigneeError) {
    UUID me = requireOfBusiness(id, bookingId);
    BusinessView business = businesses.get(me, id);
    BookingDetail detail = bookings.get(me, bookingId);
    BookingView b = detail.booking();
    boolean scheduler = business.permissions().contains("bookings.write");
    List<StaffName> staff = scheduler ? businesses.staffNames(me, id) : List.of();
    String assigneeName =
        b.assigneeId() == null
            ? null
            : b.assigneeId().equals(me)
                ? "You"
                : staff.stream()
                    .filter(s -> s.userId().equals(b.assigneeId()))
                    .map(StaffName::displayName)
                    .findFirst()
                    .orElse("A staff member");
    boolean open = b.status().equals("requested") || b.status().equals("confirmed");
    model.addAttribute("business", business);
    model.addAttribute("booking", b);
    model.addAttribute("startsAt", BookingRow.dateTime(times.zone(), b.startsAt()));
    model.addAttribute("endsAt", BookingRow.dateTime(times.zone(), b.endsAt()));
    model.addAttribute("proposedStartsAt", BookingRow.dateTime(times.zone(), b.proposedStartsAt()));
    model.addAttribute("proposedEndsAt", BookingRow.dateTime(times.zone(), b.proposedEndsAt()));
    model.addAttribute("assigneeName", assigneeName);
    model.addAttribute("assignedToMe", me.equals(b.assigneeId()));
    model.addAttribute("pets", detail.pets());
    model.addAttribute("canApprove", scheduler && b.status().equals("requested"));
    model.addAttribute("canAssign", scheduler && open);
    model.addAttribute("staff", staff);
    model.addAttribute("me", me);
    model.addAttribute("reason", reason);
    model.addAttribute("reasonError", reasonError);
    model.addAttribute("assigneeError", assigneeError);
    return "bookings/business-booking";
  }

  private static String redirect(UUID id, UUID bookingId) {
    return "redirect:/businesses/" + id + "/bookings/" + bookingId;
  }
}
