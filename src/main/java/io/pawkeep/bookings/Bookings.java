package io.pawkeep.bookings;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.AccessSecrets;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * {@link #openAssignment}); row-level security applies the same window ({@code
 * pawkeep_my_assigned_households} in {@code V21__bookings.sql}).
 */
@Service
@Transactional
public class Bookings {

  static final Duration LONGEST_BOOKING = Duration.ofDays(60);
  static final Duration LONGEST_RANGE = Duration.ofDays(92);
  private static final Logger log = LoggerFactory.getLogger(Bookings.class);

  /** A booking as a household sends it; {@code endsAt} defaults to the service's duration. */
  public record NewBooking(
      UUID householdId,
      UUID businessId,
      UUID serviceId,
      List<UUID> petIds,
      Instant startsAt,
      Instant endsAt,
      String notes) {}

  /** Changes to a booking; {@code null} leaves a field unchanged. */
  public record Changes(Instant startsAt, Instant endsAt, List<UUID> petIds, String notes) {}

  private final BookingRepository bookings;
  private final ServiceRepository services;
  private final Households households;
  private final Businesses businesses;
  private final Pets pets;
  private final AccessSecrets secrets;
  private final BookingEvents events;
  private final BookingProperties properties;
  private final Clock clock;

  Bookings(
      BookingRepository bookings,
      ServiceRepository services,
      Households households,
      Businesses businesses,
      Pets pets,
      AccessSecrets secrets,
      BookingEvents events,
      BookingProperties properties,
      Clock clock) {
    this.bookings = bookings;
    this.services = services;
    this.households = households;
    this.businesses = businesses;
    this.pets = pets;
    this.secrets = secrets;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /** Requests a booking (household owners and members). */
  public BookingView request(UUID caller, NewBooking request) {
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
    requireTimes(request.startsAt(), endsAt);
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
            BookingStatus.REQUESTED.value(),
            null,
            notes(request.notes()),
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
  public BookingDetail get(UUID caller, UUID id) {
    Standing standing = standing(caller, id);
    BookingView booking = standing.booking();
    boolean seesHousehold =
        standing.household() != null || standing.assignmentOpen("bookings.read");
    return new BookingDetail(
        booking,
        seesHousehold ? pets.ofHousehold(booking.householdId(), booking.petIds()) : List.of());
  }

  /**
   * A schedule. With a business (bookings.read): its bookings for schedulers, optionally of one
   * staff member; the caller's own assignments for other staff. Without: the caller's own
   * assignments in every business. {@code staff} is "me", a user id or {@code null}.
   */
  @Transactional(readOnly = true)
  public List<BookingView> schedule(
      UUID caller, UUID businessId, String staff, Instant from, Instant to) {
    Instant start = from == null ? clock.instant().minus(Duration.ofDays(1)) : from;
    Instant end = to == null ? start.plus(Duration.ofDays(31)) : to;
    requireRange(start, end);
    UUID staffId = staffId(caller, staff);
    if (businessId == null) {
      if (staffId != null && !staffId.equals(caller)) {
        throw ApiProblem.badRequest("Name a business to see another staff member's schedule.");
      }
      return bookings.assignedTo(caller, start, end);
    }
    businesses.requirePermission(caller, businessId, "bookings.read");
    if (!businesses.permissionsOf(caller, businessId).contains("bookings.write")) {
      if (staffId != null && !staffId.equals(caller)) {
        throw ApiProblem.forbidden("Only schedulers (bookings.write) see others' bookings.");
      }
      staffId = caller;
    }
    return bookings.ofBusiness(businessId, staffId, start, end);
  }

  /** The household's bookings (every member of the household). */
  @Transactional(readOnly = true)
  public List<BookingView> ofHousehold(UUID caller, UUID householdId, Instant from, Instant to) {
    households.find(caller, householdId).orElseThrow(ApiProblem::notFound);
    Instant start = from == null ? clock.instant().minus(Duration.ofDays(31)) : from;
    Instant end = to == null ? start.plus(LONGEST_RANGE) : to;
    requireRange(start, end);
    return bookings.ofHousehold(householdId, start, end);
  }

  /**
   * Changes times, pets or notes: household owners and members while the booking is requested,
   * schedulers while it is requested or confirmed.
   */
  public BookingView change(UUID caller, UUID id, Changes changes) {
    Standing standing = standing(caller, id);
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
    requireTimes(startsAt, endsAt);
    List<UUID> petIds = b.petIds();
    if (changes.petIds() != null) {
      petIds =
          standing.household() != null
              ? petsOf(caller, b.householdId(), changes.petIds())
              : distinct(changes.petIds());
    }
    String notes = changes.notes() == null ? b.notes() : notes(changes.notes());
    BookingView changed =
        new BookingView(
            b.id(),
            b.businessId(),
            b.householdId(),
            b.serviceId(),
            b.serviceKind(),
            b.serviceName(),
            petIds,
            startsAt,
            endsAt,
            b.status(),
            b.assigneeId(),
            notes,
            b.cancelReason(),
            b.requestedBy(),
            b.requestedAt(),
            clock.instant());
    bookings.update(changed);
    events.record(changed, caller, "booking.changed", Map.of());
    log.info("User {} changed booking {}", caller, id);
    return changed;
  }

  /** Assigns the booking to a member of the business's staff (bookings.write). */
  public BookingView assign(UUID caller, UUID id, UUID assignee) {
    Standing standing = standing(caller, id);
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
  public BookingView changeStatus(UUID caller, UUID id, String target, String reason) {
    BookingStatus next = BookingStatus.of(target);
    Standing standing = standing(caller, id);
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

  /**
   * Reveals the household's access secrets to the booking's assignee while the assignment is open
   * and they hold access.reveal; recorded in the household's reveal log and audit trail.
   */
  public Map<String, String> revealAccessSecrets(
      UUID caller, UUID id, List<String> fields, String reason) {
    Standing standing = standing(caller, id);
    if (!standing.assignee()) {
      throw ApiProblem.forbidden(
          "Only the booking's assignee reveals here; household members use the household's"
              + " access-secrets route.");
    }
    if (!standing.permissions().contains("access.reveal")) {
      throw ApiProblem.forbidden("Your role in this business does not allow revealing secrets.");
    }
    if (!standing.assignmentOpen("access.reveal")) {
      throw assignmentClosed();
    }
    return secrets.revealForAssignment(
        caller, standing.booking().householdId(), id, fields, reason);
  }

  /**
   * The booking when the caller is its assignee and the assignment is open now for {@code
   * permission}: not cancelled, from the margin before its start to the margin after its end, the
   * household an active client. For other modules (the care log) acting on an assignment.
   */
  @Transactional(readOnly = true)
  public Optional<BookingView> openAssignment(UUID caller, UUID id, String permission) {
    return bookings
        .find(id, false)
        .map(b -> new Standing(caller, b, null, businesses.permissionsOf(caller, b.businessId())))
        .filter(s -> s.assignmentOpen(permission))
        .map(Standing::booking);
  }

  static ApiProblem assignmentClosed() {
    return new ApiProblem(
        org.springframework.http.HttpStatus.FORBIDDEN,
        "assignment-window-closed",
        "Outside the assignment window",
        "Assigned staff see a household only around their booking, while the household is a"
            + " client.");
  }

  /** What the caller is to a booking; 404 when they are nothing to it. */
  private Standing standing(UUID caller, UUID id) {
    BookingView booking = bookings.find(id, false).orElseThrow(ApiProblem::notFound);
    HouseholdView household = households.find(caller, booking.householdId()).orElse(null);
    Standing standing =
        new Standing(
            caller, booking, household, businesses.permissionsOf(caller, booking.businessId()));
    if (household == null && !standing.scheduler() && !standing.assignee()) {
      throw ApiProblem.notFound();
    }
    return standing;
  }

  /** A caller's relation to one booking, read in this request's transaction. */
  private final class Standing {
    private final UUID caller;
    private final BookingView booking;
    private final HouseholdView household;
    private final Set<String> permissions;

    Standing(UUID caller, BookingView booking, HouseholdView household, Set<String> permissions) {
      this.caller = caller;
      this.booking = booking;
      this.household = household;
      this.permissions = permissions;
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

    boolean assignmentOpen(String permission) {
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
        status,
        assignee,
        b.notes(),
        reason,
        b.requestedBy(),
        b.requestedAt(),
        clock.instant());
  }

  private List<UUID> petsOf(UUID caller, UUID householdId, List<UUID> requested) {
    List<UUID> petIds = distinct(requested);
    Set<UUID> own = new HashSet<>();
    for (PetView pet : pets.list(caller, householdId)) {
      own.add(pet.id());
    }
    if (!own.containsAll(petIds)) {
      throw ApiProblem.badRequest("petIds must name pets of the household.");
    }
    return petIds;
  }

  private static List<UUID> distinct(List<UUID> petIds) {
    List<UUID> clean = petIds == null ? List.of() : petIds.stream().distinct().toList();
    if (clean.isEmpty() || clean.size() > 20 || clean.contains(null)) {
      throw ApiProblem.badRequest("petIds must name 1 to 20 pets.");
    }
    return clean;
  }

  private static void requireTimes(Instant startsAt, Instant endsAt) {
    if (!endsAt.isAfter(startsAt)) {
      throw ApiProblem.badRequest("endsAt must be after startsAt.");
    }
    if (Duration.between(startsAt, endsAt).compareTo(LONGEST_BOOKING) > 0) {
      throw ApiProblem.badRequest("A booking lasts at most 60 days.");
    }
  }

  private static void requireRange(Instant from, Instant to) {
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(LONGEST_RANGE) > 0) {
      throw ApiProblem.badRequest("to must be after from, at most 92 days later.");
    }
  }

  private static UUID staffId(UUID caller, String staff) {
    if (staff == null || staff.isBlank()) {
      return null;
    }
    if ("me".equals(staff)) {
      return caller;
    }
    try {
      return UUID.fromString(staff);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("staff must be me or a user id.");
    }
  }

  private static String notes(String notes) {
    if (notes == null || notes.isBlank()) {
      return null;
    }
    String clean = notes.strip();
    if (clean.length() > 2000) {
      throw ApiProblem.badRequest("notes must have at most 2000 characters.");
    }
    return clean;
  }

  private static void requireHouseholdWriter(HouseholdView household) {
    if (!"owner".equals(household.role()) && !"member".equals(household.role())) {
      throw ApiProblem.forbidden("Only owners and members of this household request bookings.");
    }
  }
}
