package io.pawkeep.bookings;

import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The household's bookings in the browser (DOM-5): its list, a request for a service of a business
 * it granted access, and each booking: change while requested, cancel, answer a reschedule. Same
 * facades as {@link BookingController}; a booking of another household answers the 404 page, a
 * sitter's request or change the 403 page (the controls show to owners and members only).
 */
@Controller
class HouseholdBookingPages {

  static final int PER_PAGE = 20;

  /** The request (or change) form as typed, with an error per field. */
  record BookingForm(
      String serviceId,
      List<String> petIds,
      String startsAt,
      String endsAt,
      String notes,
      Map<String, String> errors) {

    static BookingForm empty() {
      return new BookingForm("", List.of(), "", "", "", Map.of());
    }

    public boolean checked(UUID petId) {
      return petIds.contains(petId.toString());
    }

    public String error(String field) {
      return errors.get(field);
    }
  }

  /** The cancel form as typed, with its error. */
  record CancelForm(String reason, String error) {}

  private final Bookings bookings;
  private final Reschedules reschedules;
  private final ServiceCatalogue catalogue;
  private final Households households;
  private final Pets pets;
  private final UtcTimes times;
  private final CurrentUser currentUser;
  private final Clock clock;

  HouseholdBookingPages(
      Bookings bookings,
      Reschedules reschedules,
      ServiceCatalogue catalogue,
      Households households,
      Pets pets,
      UtcTimes times,
      CurrentUser currentUser,
      Clock clock) {
    this.bookings = bookings;
    this.reschedules = reschedules;
    this.catalogue = catalogue;
    this.households = households;
    this.pets = pets;
    this.times = times;
    this.currentUser = currentUser;
    this.clock = clock;
  }

  @GetMapping("/households/{id}/bookings")
  String list(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    UUID me = currentUser.userId();
    HouseholdView household = households.find(me, id).orElseThrow(ApiProblem::notFound);
    Page<BookingView> page =
        bookings.ofHousehold(
            me, id, null, null, PageRequest.of("household-bookings", PER_PAGE, cursor));
    model.addAttribute("household", household);
    model.addAttribute("bookings", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("writer", writer(household));
    return "bookings/household-bookings";
  }

  @GetMapping("/households/{id}/bookings/new")
  String newBooking(@PathVariable UUID id, Model model) {
    return requestForm(writable(id), BookingForm.empty(), model);
  }

  @PostMapping("/households/{id}/bookings")
  String request(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String serviceId,
      @RequestParam(name = "petIds", required = false) List<String> petIds,
      @RequestParam(defaultValue = "") String startsAt,
      @RequestParam(defaultValue = "") String notes,
      HttpServletResponse response,
      Model model) {
    HouseholdView household = writable(id);
    UUID me = currentUser.userId();
    List<String> chosen = petIds == null ? List.of() : petIds;
    Map<String, String> errors = new LinkedHashMap<>();
    Optional<ServiceView> service =
        catalogue.forHousehold(me, id).stream()
            .filter(s -> s.id().toString().equals(serviceId))
            .findFirst();
    if (service.isEmpty()) {
      errors.put("serviceId", "Choose a service.");
    }
    List<UUID> pets = petIdsOf(household, chosen, errors);
    Instant start = UtcTimes.parseField(startsAt);
    if (start == null) {
      errors.put("startsAt", "Enter the date and time the visit starts.");
    } else if (start.isBefore(clock.instant())) {
      errors.put("startsAt", "Choose a time that is not in the past.");
    }
    if (notes.strip().length() > 2000) {
      errors.put("notes", "Notes have at most 2000 characters.");
    }
    BookingForm form = new BookingForm(serviceId, chosen, startsAt, "", notes, errors);
    if (errors.isEmpty()) {
      try {
        BookingView booking =
            bookings.request(
                me,
                new Bookings.NewBooking(
                    id, service.get().businessId(), service.get().id(), pets, start, null, notes));
        return "redirect:/bookings/" + booking.id();
      } catch (ApiProblem problem) {
        errors.put(
            problem.status() == HttpStatus.CONFLICT ? "serviceId" : "startsAt", detail(problem));
      }
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    return requestForm(household, form, model);
  }

  @GetMapping("/bookings/{id}")
  String booking(@PathVariable UUID id, Model model) {
    return bookingPage(id, null, new CancelForm("", null), model);
  }

  @PostMapping("/bookings/{id}/change")
  String change(
      @PathVariable UUID id,
      @RequestParam(name = "petIds", required = false) List<String> petIds,
      @RequestParam(defaultValue = "") String startsAt,
      @RequestParam(defaultValue = "") String endsAt,
      @RequestParam(defaultValue = "") String notes,
      HttpServletResponse response,
      Model model) {
    BookingDetail detail = bookings.get(currentUser.userId(), id);
    HouseholdView household = ofHousehold(detail.booking());
    requireWriter(household);
    List<String> chosen = petIds == null ? List.of() : petIds;
    Map<String, String> errors = new LinkedHashMap<>();
    List<UUID> pets = petIdsOf(household, chosen, errors);
    Instant start = UtcTimes.parseField(startsAt);
    Instant end = UtcTimes.parseField(endsAt);
    if (start == null) {
      errors.put("startsAt", "Enter the date and time the visit starts.");
    }
    if (end == null) {
      errors.put("endsAt", "Enter the date and time the visit ends.");
    } else if (start != null && !end.isAfter(start)) {
      errors.put("endsAt", "The visit must end after it starts.");
    }
    if (notes.strip().length() > 2000) {
      errors.put("notes", "Notes have at most 2000 characters.");
    }
    if (errors.isEmpty()) {
      try {
        bookings.change(
            currentUser.userId(), id, new Bookings.Changes(start, end, pets, notes.strip()));
        return "redirect:/bookings/" + id;
      } catch (ApiProblem problem) {
        if (problem.status() != HttpStatus.BAD_REQUEST) {
          throw problem;
        }
        errors.put("endsAt", detail(problem));
      }
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    return bookingPage(
        id,
        new BookingForm("", chosen, startsAt, endsAt, notes, errors),
        new CancelForm("", null),
        model);
  }

  @PostMapping("/bookings/{id}/cancel")
  String cancel(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String reason,
      HttpServletResponse response,
      Model model) {
    BookingDetail detail = bookings.get(currentUser.userId(), id);
    requireWriter(ofHousehold(detail.booking()));
    String clean = reason.strip();
    if (clean.isEmpty() || clean.length() > 500) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return bookingPage(
          id, null, new CancelForm(reason, "Say why you cancel (1 to 500 characters)."), model);
    }
    bookings.changeStatus(currentUser.userId(), id, BookingStatus.CANCELLED.value(), clean);
    return "redirect:/bookings/" + id;
  }

  @PostMapping("/bookings/{id}/reschedule/accept")
  String acceptReschedule(
      @PathVariable UUID id, @RequestParam String startsAt, @RequestParam String endsAt) {
    Instant start;
    Instant end;
    try {
      start = Instant.parse(startsAt);
      end = Instant.parse(endsAt);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("The proposed times are not times.");
    }
    reschedules.accept(currentUser.userId(), id, start, end);
    return "redirect:/bookings/" + id;
  }

  @PostMapping("/bookings/{id}/reschedule/decline")
  String declineReschedule(@PathVariable UUID id) {
    reschedules.decline(currentUser.userId(), id);
    return "redirect:/bookings/" + id;
  }

  private String bookingPage(UUID id, BookingForm change, CancelForm cancel, Model model) {
    BookingDetail detail = bookings.get(currentUser.userId(), id);
    BookingView b = detail.booking();
    HouseholdView household = ofHousehold(b);
    boolean writer = writer(household);
    BookingStatus status = BookingStatus.of(b.status());
    model.addAttribute("household", household);
    model.addAttribute("booking", b);
    model.addAttribute("pets", detail.pets());
    model.addAttribute("writer", writer);
    model.addAttribute("canChange", writer && status == BookingStatus.REQUESTED);
    model.addAttribute(
        "canCancel",
        writer && (status == BookingStatus.REQUESTED || status == BookingStatus.CONFIRMED));
    model.addAttribute(
        "canAnswer",
        writer
            && b.proposedStartsAt() != null
            && (status == BookingStatus.REQUESTED || status == BookingStatus.CONFIRMED));
    if (writer && status == BookingStatus.REQUESTED) {
      model.addAttribute("householdPets", pets.list(currentUser.userId(), household.id()));
    }
    model.addAttribute(
        "change",
        change != null
            ? change
            : new BookingForm(
                "",
                b.petIds().stream().map(UUID::toString).toList(),
                times.field(b.startsAt()),
                times.field(b.endsAt()),
                b.notes() == null ? "" : b.notes(),
                Map.of()));
    model.addAttribute("cancel", cancel);
    return "bookings/booking";
  }

  private String requestForm(HouseholdView household, BookingForm form, Model model) {
    UUID me = currentUser.userId();
    model.addAttribute("household", household);
    // Grouped by business: two businesses may both offer a "Morning walk".
    Map<String, List<ServiceView>> byBusiness = new LinkedHashMap<>();
    for (BookableService b : catalogue.bookable(me, household.id())) {
      byBusiness.computeIfAbsent(b.businessName(), name -> new ArrayList<>()).add(b.service());
    }
    model.addAttribute("services", byBusiness);
    model.addAttribute("householdPets", pets.list(me, household.id()));
    model.addAttribute("form", form);
    return "bookings/request-booking";
  }

  /** The household's view only: a booking the caller sees as staff answers 404 here. */
  private HouseholdView ofHousehold(BookingView b) {
    return households.find(currentUser.userId(), b.householdId()).orElseThrow(ApiProblem::notFound);
  }

  private HouseholdView writable(UUID householdId) {
    HouseholdView household =
        households.find(currentUser.userId(), householdId).orElseThrow(ApiProblem::notFound);
    requireWriter(household);
    return household;
  }

  private static void requireWriter(HouseholdView household) {
    if (!writer(household)) {
      throw ApiProblem.forbidden("Only owners and members of this household book.");
    }
  }

  private static boolean writer(HouseholdView household) {
    return "owner".equals(household.role()) || "member".equals(household.role());
  }

  /** The chosen pets, each one of the household's; an error beside the pets otherwise. */
  private List<UUID> petIdsOf(
      HouseholdView household, List<String> chosen, Map<String, String> errors) {
    List<UUID> own =
        pets.list(currentUser.userId(), household.id()).stream().map(PetView::id).toList();
    List<UUID> ids = new ArrayList<>();
    for (String text : chosen) {
      try {
        UUID petId = UUID.fromString(text);
        if (own.contains(petId)) {
          ids.add(petId);
          continue;
        }
      } catch (IllegalArgumentException e) {
        // Reported below like any pet that is not the household's.
      }
      errors.put("petIds", "Choose pets of this household.");
      return List.of();
    }
    if (ids.isEmpty() || ids.size() > 20) {
      errors.put("petIds", "Choose from 1 to 20 pets for the visit.");
    }
    return ids;
  }

  private static String detail(ApiProblem problem) {
    return problem.getMessage();
  }
}
