package io.pawkeep.bookings;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A booking as the household, the business's schedulers and its assignee see it. {@code startsAt}
 * and {@code endsAt} are the times the household agreed to, the only ones that open the assignee's
 * window (AUTHZ-5); {@code proposedStartsAt} and {@code proposedEndsAt} are the business's pending
 * reschedule, or {@code null}.
 */
record BookingView(
    UUID id,
    UUID businessId,
    UUID householdId,
    UUID serviceId,
    String serviceKind,
    String serviceName,
    List<UUID> petIds,
    Instant startsAt,
    Instant endsAt,
    Instant proposedStartsAt,
    Instant proposedEndsAt,
    String status,
    UUID assigneeId,
    String notes,
    String cancelReason,
    UUID requestedBy,
    Instant requestedAt,
    Instant updatedAt) {

  BookingView {
    petIds = List.copyOf(petIds);
  }

  /** The same booking with other agreed and proposed times. */
  BookingView withTimes(
      Instant startsAt,
      Instant endsAt,
      Instant proposedStartsAt,
      Instant proposedEndsAt,
      Instant updatedAt) {
    return new BookingView(
        id,
        businessId,
        householdId,
        serviceId,
        serviceKind,
        serviceName,
        petIds,
        startsAt,
        endsAt,
        proposedStartsAt,
        proposedEndsAt,
        status,
        assigneeId,
        notes,
        cancelReason,
        requestedBy,
        requestedAt,
        updatedAt);
  }
}
