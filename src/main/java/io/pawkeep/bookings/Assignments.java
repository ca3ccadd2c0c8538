package io.pawkeep.bookings;

import io.pawkeep.households.AccessSecrets;
import io.pawkeep.web.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Least privilege by assignment (AUTHZ-5): what a booking's assignee may do with its household
 * while the assignment is open, from the configured margin (2 hours) before the start until that
 * long after the end, while the household is an active client. The database applies the same rule
 * ({@code pawkeep_my_assigned_bookings} and {@code pawkeep_my_assigned_households} in {@code
 * V21__bookings.sql}).
 */
@Service
@Transactional
class Assignments {

  private final BookingAccess access;
  private final AccessSecrets secrets;

  Assignments(BookingAccess access, AccessSecrets secrets) {
    this.access = access;
    this.secrets = secrets;
  }

  /**
   * Reveals the household's access secrets to the booking's assignee while the assignment is open
   * and they hold access.reveal; recorded in the household's reveal log and audit trail. 404 for a
   * booking the caller does not see, 403 outside the window or without the permission.
   */
  Map<String, String> revealAccessSecrets(
      UUID caller, UUID id, List<String> fields, String reason) {
    Standing standing = access.standing(caller, id);
    if (!standing.assignee()) {
      throw ApiProblem.forbidden(
          "Only the booking's assignee reveals here; household members use the household's"
              + " access-secrets route.");
    }
    if (!standing.permissions().contains("access.reveal")) {
      throw ApiProblem.forbidden("Your role in this business does not allow revealing secrets.");
    }
    if (!standing.assignmentOpen("access.reveal")) {
      throw closed();
    }
    return secrets.revealForAssignment(
        caller, standing.booking().householdId(), id, fields, reason);
  }

  /**
   * The booking when the caller is its assignee and the assignment is open now for {@code
   * permission} (e.g. care.log); empty otherwise. For other modules acting on an assignment.
   */
  @Transactional(readOnly = true)
  Optional<BookingView> open(UUID caller, UUID id, String permission) {
    try {
      Standing standing = access.standing(caller, id);
      return standing.assignmentOpen(permission)
          ? Optional.of(standing.booking())
          : Optional.empty();
    } catch (ApiProblem notVisible) {
      return Optional.empty();
    }
  }

  static ApiProblem closed() {
    return new ApiProblem(
        HttpStatus.FORBIDDEN,
        "assignment-window-closed",
        "Outside the assignment window",
        "Assigned staff see a household only around their booking, while the household is a"
            + " client.");
  }
}
