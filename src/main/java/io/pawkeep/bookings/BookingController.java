package io.pawkeep.bookings;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Bookings and schedules. Object checks live in {@link Bookings}. */
@RestController
class BookingController {

  record RequestBooking(
      @NotNull UUID householdId,
      @NotNull UUID businessId,
      @NotNull UUID serviceId,
      @NotNull @Size(min = 1, max = 20) List<UUID> petIds,
      @NotNull Instant startsAt,
      Instant endsAt,
      @Size(max = 2000) String notes) {}

  record ChangeBooking(
      Instant startsAt,
      Instant endsAt,
      @Size(min = 1, max = 20) List<UUID> petIds,
      @Size(max = 2000) String notes) {}

  record AcceptReschedule(@NotNull Instant startsAt, @NotNull Instant endsAt) {}

  record Assign(@NotNull UUID userId) {}

  record ChangeStatus(@NotNull @Size(max = 20) String status, @Size(max = 500) String reason) {}

  record Reveal(
      @Size(max = 6) List<@Size(max = 20) String> fields, @Size(max = 500) String reason) {}

  private final Bookings bookings;
  private final Assignments assignments;
  private final Reschedules reschedules;
  private final CurrentUser currentUser;

  BookingController(
      Bookings bookings,
      Assignments assignments,
      Reschedules reschedules,
      CurrentUser currentUser) {
    this.bookings = bookings;
    this.assignments = assignments;
    this.reschedules = reschedules;
    this.currentUser = currentUser;
  }

  @Operation(summary = "Request a booking for the household's pets (household owners and members)")
  @PostMapping("/api/v1/bookings")
  @ResponseStatus(HttpStatus.CREATED)
  BookingView request(@Valid @RequestBody RequestBooking body) {
    return bookings.request(
        currentUser.userId(),
        new Bookings.NewBooking(
            body.householdId(),
            body.businessId(),
            body.serviceId(),
            body.petIds(),
            body.startsAt(),
            body.endsAt(),
            body.notes()));
  }

  @Operation(
      summary =
          "A schedule: a business's bookings (bookings.read; own assignments only without"
              + " bookings.write), or the caller's assignments everywhere; status=requested lists"
              + " the requests waiting for approval; with a business, each booking also names its"
              + " assignee (staff.manage) and household (clients.read)")
  @GetMapping("/api/v1/bookings")
  Page<ScheduledBooking> schedule(
      @RequestParam(required = false) UUID business,
      @RequestParam(required = false) String staff,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return bookings.schedule(
        currentUser.userId(),
        business,
        staff,
        status,
        from,
        to,
        PageRequest.of("bookings", limit, cursor));
  }

  @Operation(
      summary =
          "Today's and upcoming bookings of every household the caller belongs to (owner, member"
              + " or sitter), by start time: those running at or starting after `from` (default:"
              + " 24 hours ago), up to 92 days on")
  @GetMapping("/api/v1/me/bookings")
  Page<BookingView> mine(
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return bookings.ofMyHouseholds(
        currentUser.userId(), from, status, PageRequest.of("my-bookings", limit, cursor));
  }

  @Operation(
      summary =
          "A booking; with its pets and care instructions for the household and for the assignee"
              + " inside the assignment window")
  @GetMapping("/api/v1/bookings/{id}")
  BookingDetail get(@PathVariable UUID id) {
    return bookings.get(currentUser.userId(), id);
  }

  @Operation(
      summary =
          "Change times, pets or notes (household owners and members while requested;"
              + " bookings.write while requested or confirmed). Times from bookings.write are only"
              + " proposed: the agreed times, which alone open the assignee's window, stay until"
              + " the household accepts")
  @PatchMapping("/api/v1/bookings/{id}")
  BookingView change(@PathVariable UUID id, @Valid @RequestBody ChangeBooking body) {
    return bookings.change(
        currentUser.userId(),
        id,
        new Bookings.Changes(body.startsAt(), body.endsAt(), body.petIds(), body.notes()));
  }

  @Operation(
      summary =
          "Accept the business's proposed times, which become the agreed times (household owners"
              + " and members); the body repeats the proposed times, 409 if they changed")
  @PostMapping("/api/v1/bookings/{id}/reschedule/accept")
  BookingView acceptReschedule(@PathVariable UUID id, @Valid @RequestBody AcceptReschedule body) {
    return reschedules.accept(currentUser.userId(), id, body.startsAt(), body.endsAt());
  }

  @Operation(
      summary =
          "Decline the business's proposed times; the agreed times stay (household owners and"
              + " members)")
  @PostMapping("/api/v1/bookings/{id}/reschedule/decline")
  BookingView declineReschedule(@PathVariable UUID id) {
    return reschedules.decline(currentUser.userId(), id);
  }

  @Operation(summary = "Assign the booking to a staff member (bookings.write)")
  @PostMapping("/api/v1/bookings/{id}/assign")
  BookingView assign(@PathVariable UUID id, @Valid @RequestBody Assign body) {
    return bookings.assign(currentUser.userId(), id, body.userId());
  }

  @Operation(
      summary =
          "Move the booking on: confirm (bookings.write), cancel with a reason (bookings.write or"
              + " the household), start and complete (bookings.write or the assignee)")
  @PostMapping("/api/v1/bookings/{id}/status")
  BookingView status(@PathVariable UUID id, @Valid @RequestBody ChangeStatus body) {
    return bookings.changeStatus(currentUser.userId(), id, body.status(), body.reason());
  }

  @Operation(
      summary =
          "Reveal the household's access secrets to the assignee inside the assignment window"
              + " (access.reveal); recorded in the household's reveal log")
  @PostMapping("/api/v1/bookings/{id}/access-secrets/reveal")
  ResponseEntity<Map<String, String>> reveal(
      @PathVariable UUID id, @Valid @RequestBody Reveal body) {
    return ResponseEntity.ok()
        .header("Cache-Control", "no-store")
        .body(
            assignments.revealAccessSecrets(
                currentUser.userId(), id, body.fields(), body.reason()));
  }

  @Operation(summary = "The household's bookings (every member of the household)")
  @GetMapping("/api/v1/households/{id}/bookings")
  Page<BookingView> ofHousehold(
      @PathVariable UUID id,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return bookings.ofHousehold(
        currentUser.userId(), id, from, to, PageRequest.of("household-bookings", limit, cursor));
  }
}
