package io.pawkeep.bookings;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A booking as the household, the business's schedulers and its assignee see it. */
public record BookingView(
    UUID id,
    UUID businessId,
    UUID householdId,
    UUID serviceId,
    String serviceKind,
    String serviceName,
    List<UUID> petIds,
    Instant startsAt,
    Instant endsAt,
    String status,
    UUID assigneeId,
    String notes,
    String cancelReason,
    UUID requestedBy,
    Instant requestedAt,
    Instant updatedAt) {

  public BookingView {
    petIds = List.copyOf(petIds);
  }
}
