package io.pawkeep.bookings;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bookings (DOM-5). A household's owners and members request a booking of a service of a business
 * the household is an active client of; the business's schedulers (bookings.write) confirm,
 * decline, change and assign it; the assignee starts and completes it. A booking the caller may not
 * see answers exactly like a missing one (404); one they see but may not change answers 403;
 * transitions other than {@link BookingStatus#next()} answer 409.
 *
 * <p>Least privilege by assignment (AUTHZ-5): the assignee sees the household's pets, care
 * instructions and, with access.reveal, its access secrets only while the assignment is open (see
 * {@link Assignments}); row-level security applies the same window ({@code
 * pawkeep_my_assigned_households} in {@code V21__bookings.sql}).
 */
@Service
@Transactional
public class Bookings {

  private static final Logger log = LoggerFactory.getLogger(Bookings.class);

  /** A booking as a household sends it; {@code endsAt} defaults to the service's duration. */
  record NewBooking(
      UUID householdId,
      UUID businessId,
      UUID serviceId,
      List<UUID> petIds,
      Instant startsAt,
      Instant endsAt,
      String notes) {}

  /** Changes to a booking; {@code null} leaves a field unchanged. */
  record Changes(Instant startsAt, Instant endsAt, List<UUID> petIds, String notes) {}

  private final BookingRepository bookings;
  private final ScheduleRepository schedules;
  private final ServiceRepository services;
  private final Households households;
  private final Businesses businesses;
  private final Pets pets;
  private final BookingEvents events;
  private final BookingAccess access;
  private final Clock clock;

  Bookings(
      BookingRepository bookings,
      ScheduleRepository schedules,
      ServiceRepository services,
      Households households,
      Businesses businesses,
      Pets pets,
      BookingEvents events,
      BookingAccess access,
      Clock clock) {
    this.bookings = bookings;
    this.schedules = schedules;
    this.services = services;
    this.households = households;
    this.businesses = businesses;
    this.pets = pets;
    this.events = events;
    this.access = access;
    this.clock = clock;
  }

  /** Requests a booking (household owners and members). */
  BookingView request(UUID caller, NewBooking request) {
    HouseholdView household =
        households.find(caller, request.householdId()).orElseThrow(ApiProblem::notFound);
    requireHouseholdWriter(household);
    if (!bookings.activeClient(request.businessId(), request.householdId())) {
      throw new ApiProblem(
          org.springframework.http.HttpStatus.CONFLICT,
          "not-an-active-client",
          "Not an active client",
          "The household has not granted this business access; book once it has.");
    }
    ServiceView service =
        services
            .find(request.businessId(), request.serviceId())
            .orElseThrow(
                () -> ApiProblem.badRequest("serviceId must name a service of the business."));
    Instant endsAt =
        request.endsAt() == null
            ? request.startsAt().plus(Duration.ofMinutes(service.durationMinutes()))
            : request.endsAt();
    Instant now = clock.instant();
    if (request.startsAt().isBefore(now)) {
      throw ApiProblem.badRequest("startsAt must not be in the past.");
    }
    BookingRules.requireTimes(request.startsAt(), endsAt);
    List<UUID> petIds = petsOf(caller, request.householdId(), request.petIds());
    BookingView booking =
        new BookingView(
            UUID.randomUUID(),
            request.businessId(),
            request.householdId(),
            service.id(),
            service.kind(),
            service.name(),
            petIds,
            request.startsAt(),
            endsAt,
            null,
            null,
            BookingStatus.REQUESTED.value(),
            null,
            BookingRules.notes(request.notes()),
            null,
            caller,
            now,
            now);
    bookings.insert(booking);
    events.record(booking, caller, "booking.requested", Map.of("service", service.id().toString()));
    log.info("User {} requested booking {} of business {}", caller, booking.id(), service.id());
    return bookings.find(booking.id(), false).orElseThrow(ApiProblem::notFound);
  }

  /**
   * The booking with its pets and their care instructions for the household and for the assignee
   * inside the assignment window; without pets for the business's schedulers.
   */
  @Transactional(readOnly = true)
  BookingDetail get(UUID caller, UUID id) {
    Standing standing = access.standing(caller, id);
    BookingView booking = standing.booking();
    boolean seesHousehold =
        standing.household() != null || standing.assignmentOpen("bookings.read");
    return new BookingDetail(
        booking,
        seesHousehold ? pets.ofHousehold(booking.householdId(), booking.petIds()) : List.of());
  }

  /**
   * The names of the pets of those bookings whose pets the caller reads on the booking's page as
   * staff ({@link #get}): the assignee inside the assignment window (AUTHZ-5). No entry for the
   * others (a scheduler sees a count); the pets are read in one query, row-level security deciding
   * again, and a booking any of whose pets is hidden gets no names.
   */
  @Transactional(readOnly = true)
  Map<UUID, List<String>> petNames(UUID caller, UUID businessId, List<BookingView> shown) {
    Set<String> permissions = businesses.permissionsOf(caller, businessId);
    List<BookingView> open =
        shown.stream().filter(b -> access.assignmentOpen(caller, b, permissions)).toList();
    if (open.isEmpty()) {
      return Map.of();
    }
    Map<UUID, String> names =
        pets.namesOf(open.stream().flatMap(b -> b.petIds().stream()).distinct().toList());
    Map<UUID, List<String>> named = new LinkedHashMap<>();
    for (BookingView b : open) {
      if (names.keySet().containsAll(b.petIds())) {
        named.put(b.id(), b.petIds().stream().map(names::get).toList());
      }
    }
    return named;
  }

  /**
   * The business of a booking the caller sees (row-level security: household, the business's staff
   * as their permissions allow, the assignee); empty for any other booking, as for a missing one.
   * For other modules that keep records of a booking, e.g. the care log.
   */
  @Transactional(readOnly = true)
  public Optional<UUID> businessOf(UUID id) {
    return bookings.businessOf(id);
  }

  /**
   * A schedule. With a business (bookings.read): its bookings for schedulers, optionally of one
   * staff member; the caller's own assignments for other staff. Without: the caller's own
   * assignments in every business. {@code staff} is "me", a user id or {@code null}; {@code status}
   * (e.g. {@code requested}, the requests waiting for approval) or {@code null} for any.
   */
  @Transactional(readOnly = true)
  Page<ScheduledBooking> schedule(
      UUID caller,
      UUID businessId,
      String staff,
      String status,
      Instant from,
      Instant to,
      PageRequest page) {
    Instant start = from == null ? clock.instant().minus(Duration.ofDays(1)) : from;
    Instant end = to == null ? start.plus(Duration.ofDays(31)) : to;
    BookingRules.requireRange(start, end);
    BookingRepository.Range range =
        new BookingRepository.Range(start, end, BookingRules.status(status));
    UUID staffId = BookingRules.staffId(caller, staff);
    if (businessId == null) {
      if (staffId != null && !staffId.equals(caller)) {
        throw ApiProblem.badRequest("Name a business to see another staff member's schedule.");
      }
      return page(bookings.assignedTo(caller, range, page), page).map(ScheduledBooking::unnamed);
    }
    // The caller's permissions come with the page, in one statement; only a refusal asks the
    // businesses module again, for its own answer (404 off the staff, 403 without the permission
    // or without the second factor the business requires). The statement gave no rows then.
    ScheduleRepository.Schedule schedule =
        schedules.ofBusiness(businessId, caller, staffId, range, page);
    Set<String> permissions = schedule.permissions();
    if (!permissions.contains("bookings.read")) {
      businesses.requirePermission(caller, businessId, "bookings.read");
      throw ApiProblem.forbidden("Your role in this business does not allow this.");
    }
    if (!permissions.contains("bookings.write") && staffId != null && !staffId.equals(caller)) {
      throw ApiProblem.forbidden("Only schedulers (bookings.write) see others' bookings.");
    }
    return Page.of(
        schedule.rows(),
        page,
        b -> Cursor.of(page.list(), b.booking().startsAt(), b.booking().id()));
  }

  /**
   * How many requests wait for approval in each business named, which must be businesses the caller
   * schedules for (bookings.write), where row-level security shows them every booking: the requests
   * running from 24 hours ago on, as the business's schedule page lists them. One query whatever
   * the number of businesses.
   */
  @Transactional(readOnly = true)
  Map<UUID, Integer> requestsWaiting(UUID caller, Collection<UUID> businessIds) {
    if (businessIds.isEmpty()) {
      return Map.of();
    }
    Instant start = clock.instant().minus(Duration.ofDays(1));
    return bookings.requestedCounts(
        List.copyOf(businessIds),
        new BookingRepository.Range(
            start, start.plus(BookingRules.LONGEST_RANGE), BookingStatus.REQUESTED));
  }

  /**
   * Today's and upcoming bookings of every household the caller belongs to, as owner, member or
   * sitter: those still running at {@code from} (by default the start of the last 24 hours) or
   * starting in the {@value BookingRules#LONGEST_RANGE_DAYS} days after it, by start time (DOM-9).
   */
  @Transactional(readOnly = true)
  Page<BookingView> ofMyHouseholds(UUID caller, Instant from, String status, PageRequest page) {
    Instant start = from == null ? clock.instant().minus(Duration.ofDays(1)) : from;
    BookingRepository.Range range =
        new BookingRepository.Range(
            start, start.plus(BookingRules.LONGEST_RANGE), BookingRules.status(status));
    return page(bookings.ofMyHouseholds(range, page), page);
  }

  /** The household's bookings (every member of the household). */
  @Transactional(readOnly = true)
  Page<BookingView> ofHousehold(
      UUID caller, UUID householdId, Instant from, Instant to, PageRequest page) {
    households.find(caller, householdId).orElseThrow(ApiProblem::notFound);
    Instant start = from == null ? clock.instant().minus(Duration.ofDays(31)) : from;
    Instant end = to == null ? start.plus(BookingRules.LONGEST_RANGE) : to;
    BookingRules.requireRange(start, end);
    return page(bookings.ofHousehold(householdId, start, end, page), page);
  }

  /** Bookings in start order: the next page starts after the last one's (start, id). */
  private static Page<BookingView> page(List<BookingView> rows, PageRequest page) {
    return Page.of(rows, page, b -> Cursor.of(page.list(), b.startsAt(), b.id()));
  }

  /**
   * Changes times, pets or notes: household owners and members while the booking is requested,
   * schedulers while it is requested or confirmed. Times from the household are agreed at once;
   * times from a scheduler are only proposed (AUTHZ-5): the agreed ones, which alone open the
   * assignee's window, stay until the household accepts (see {@link Reschedules}). A scheduler
   * sending the agreed times withdraws a pending proposal. A missing time is the agreed one.
   */
  BookingView change(UUID caller, UUID id, Changes changes) {
    Standing standing = access.standing(caller, id);
    BookingStatus status = BookingStatus.of(standing.booking().status());
    if (standing.scheduler()) {
      if (status != BookingStatus.REQUESTED && status != BookingStatus.CONFIRMED) {
        throw ApiProblem.conflict("Only requested or confirmed bookings can be changed.");
      }
    } else if (standing.householdWriter()) {
      if (status != BookingStatus.REQUESTED) {
        throw ApiProblem.conflict("Only requested bookings can be changed by the household.");
      }
    } else {
      throw ApiProblem.forbidden("You may not change this booking.");
    }
    BookingView b = locked(id, status);
    Instant startsAt = changes.startsAt() == null ? b.startsAt() : changes.startsAt();
    Instant endsAt = changes.endsAt() == null ? b.endsAt() : changes.endsAt();
    BookingRules.requireTimes(startsAt, endsAt);
    BookingView timed = b;
    boolean unchanged = startsAt.equals(b.startsAt()) && endsAt.equals(b.endsAt());
    if (standing.householdWriter() && status == BookingStatus.REQUESTED) {
      // The household agrees to its own times; a change replaces the business's proposal.
      timed = unchanged ? b : b.withTimes(startsAt, endsAt, null, null, b.updatedAt());
    } else if (changes.startsAt() != null || changes.endsAt() != null) {
      timed =
          unchanged
              ? b.withTimes(b.startsAt(), b.endsAt(), null, null, b.updatedAt())
              : b.withTimes(b.startsAt(), b.endsAt(), startsAt, endsAt, b.updatedAt());
    }
    List<UUID> petIds = b.petIds();
    if (changes.petIds() != null) {
      petIds =
          standing.household() != null
              ? petsOf(caller, b.householdId(), changes.petIds())
              : BookingRules.distinct(changes.petIds());
    }
    String notes = changes.notes() == null ? b.notes() : BookingRules.notes(changes.notes());
    BookingView changed =
        new BookingView(
            b.id(),
            b.businessId(),
            b.householdId(),
            b.serviceId(),
            b.serviceKind(),
            b.serviceName(),
            petIds,
            timed.startsAt(),
            timed.endsAt(),
            timed.proposedStartsAt(),
            timed.proposedEndsAt(),
            b.status(),
            b.assigneeId(),
            notes,
            b.cancelReason(),
            b.requestedBy(),
            b.requestedAt(),
            clock.instant());
    bookings.update(changed);
    events.recordChange(b, changed, caller);
    log.info("User {} changed booking {}", caller, id);
    return changed;
  }

  /** Assigns the booking to a member of the business's staff (bookings.write). */
  BookingView assign(UUID caller, UUID id, UUID assignee) {
    Standing standing = access.standing(caller, id);
    if (!standing.scheduler()) {
      throw ApiProblem.forbidden("Only schedulers (bookings.write) assign bookings.");
    }
    BookingStatus status = BookingStatus.of(standing.booking().status());
    if (status != BookingStatus.REQUESTED && status != BookingStatus.CONFIRMED) {
      throw ApiProblem.conflict("Only requested or confirmed bookings can be assigned.");
    }
    BookingView b = locked(id, status);
    BookingView assigned = with(b, b.status(), assignee, b.cancelReason());
    bookings.update(assigned);
    events.record(assigned, caller, "booking.assigned", Map.of("assignee", assignee.toString()));
    log.info("User {} assigned booking {} to user {}", caller, id, assignee);
    return assigned;
  }

  /**
   * Moves the booking on: schedulers confirm (approve) and cancel (decline); the household's owners
   * and members cancel; schedulers and the assignee start and complete. Cancelling needs a reason.
   */
  BookingView changeStatus(UUID caller, UUID id, String target, String reason) {
    BookingStatus next = BookingStatus.of(target);
    Standing standing = access.standing(caller, id);
    boolean allowed =
        switch (next) {
          case CONFIRMED -> standing.scheduler();
          case CANCELLED -> standing.scheduler() || standing.householdWriter();
          case IN_PROGRESS, COMPLETED -> standing.scheduler() || standing.assignee();
          case REQUESTED -> false;
        };
    if (!allowed) {
      throw ApiProblem.forbidden("You may not move this booking to " + next.value() + ".");
    }
    BookingStatus current = BookingStatus.of(standing.booking().status());
    current.requireTransitionTo(next);
    String cleanReason = reason == null || reason.isBlank() ? null : reason.strip();
    if (next == BookingStatus.CANCELLED && cleanReason == null) {
      throw ApiProblem.badRequest("reason is required to cancel or decline a booking.");
    }
    BookingView b = locked(id, current);
    BookingView moved =
        with(
            b,
            next.value(),
            b.assigneeId(),
            next == BookingStatus.CANCELLED ? cleanReason : b.cancelReason());
    bookings.update(moved);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("from", current.value());
    detail.put("to", next.value());
    if (cleanReason != null) {
      detail.put("reason", cleanReason);
    }
    events.record(moved, caller, action(current, next, standing), detail);
    log.info("User {} moved booking {} to {}", caller, id, next.value());
    return moved;
  }

  private BookingView locked(UUID id, BookingStatus expected) {
    BookingView b = bookings.find(id, true).orElseThrow(ApiProblem::notFound);
    if (!b.status().equals(expected.value())) {
      throw ApiProblem.conflict("The booking changed meanwhile; read it again.");
    }
    return b;
  }

  private static String action(BookingStatus from, BookingStatus to, Standing standing) {
    if (from == BookingStatus.REQUESTED && to == BookingStatus.CONFIRMED) {
      return "booking.approved";
    }
    if (from == BookingStatus.REQUESTED && to == BookingStatus.CANCELLED && standing.scheduler()) {
      return "booking.declined";
    }
    return "booking." + to.value();
  }

  private BookingView with(BookingView b, String status, UUID assignee, String reason) {
    return new BookingView(
        b.id(),
        b.businessId(),
        b.householdId(),
        b.serviceId(),
        b.serviceKind(),
        b.serviceName(),
        b.petIds(),
        b.startsAt(),
        b.endsAt(),
        b.proposedStartsAt(),
        b.proposedEndsAt(),
        status,
        assignee,
        b.notes(),
        reason,
        b.requestedBy(),
        b.requestedAt(),
        clock.instant());
  }

  private List<UUID> petsOf(UUID caller, UUID householdId, List<UUID> requested) {
    List<UUID> petIds = BookingRules.distinct(requested);
    Set<UUID> own = new HashSet<>();
    for (PetView pet : pets.list(caller, householdId)) {
      own.add(pet.id());
    }
    if (!own.containsAll(petIds)) {
      throw ApiProblem.badRequest("petIds must name pets of the household.");
    }
    return petIds;
  }

  private static void requireHouseholdWriter(HouseholdView household) {
    if (!"owner".equals(household.role()) && !"member".equals(household.role())) {
      throw ApiProblem.forbidden("Only owners and members of this household request bookings.");
    }
  }
}
