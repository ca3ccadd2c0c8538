package io.pawkeep.bookings;

import io.pawkeep.pets.PetDetail;
import io.pawkeep.pets.Pets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the walker's visit app reads and does through the bookings module: the caller's assigned
 * visits in a time range, with the pets and care instructions of those whose assignment window is
 * open now (the rule of {@link Bookings#get}), and the reveal of a household's access secrets (the
 * rule and the reveal log of {@code POST /api/v1/bookings/{id}/access-secrets/reveal}).
 */
@Service
@Transactional
public class AssignedVisits {

  private final AssignedVisitRepository visits;
  private final Assignments assignments;
  private final Pets pets;

  AssignedVisits(AssignedVisitRepository visits, Assignments assignments, Pets pets) {
    this.visits = visits;
    this.assignments = assignments;
    this.pets = pets;
  }

  /**
   * The caller's assigned visits overlapping {@code from}..{@code to} in start order, in three
   * queries whatever their number: the bookings, then the pets of the open ones and their care
   * instructions. Nothing for a removed staff member or a household that revoked the business.
   */
  @Transactional(readOnly = true)
  public List<AssignedVisit> of(UUID caller, Instant from, Instant to) {
    List<AssignedVisitRepository.Row> rows = visits.assignedTo(caller, from, to);
    Map<UUID, PetDetail> seen =
        pets.withCareInstructions(
            rows.stream()
                .filter(AssignedVisitRepository.Row::open)
                .flatMap(r -> r.petIds().stream())
                .distinct()
                .toList());
    return rows.stream()
        .map(
            r ->
                new AssignedVisit(
                    r.bookingId(),
                    r.businessId(),
                    r.householdId(),
                    r.householdName(),
                    r.startsAt(),
                    r.endsAt(),
                    r.status(),
                    r.serviceName(),
                    r.open(),
                    r.open()
                        ? r.petIds().stream().map(seen::get).filter(Objects::nonNull).toList()
                        : List.of()))
        .toList();
  }

  /**
   * Reveals the household's access secrets to the booking's assignee inside the assignment window
   * with access.reveal, recorded in the household's reveal log with {@code reason}: exactly the
   * API's reveal. 404 for a booking the caller does not see; 403 outside the window or without the
   * permission.
   */
  public Map<String, String> revealAccessSecrets(UUID caller, UUID bookingId, String reason) {
    return assignments.revealAccessSecrets(caller, bookingId, null, reason);
  }
}
