package io.pawkeep.bookings;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Records booking events in both the household's and the business's audit chains, so the
 * household's owners and the business's auditors each see them.
 */
@Component
class BookingEvents {

  private final AuditTrail trail;

  BookingEvents(AuditTrail trail) {
    this.trail = trail;
  }

  void record(BookingView booking, UUID actor, String action, Map<String, Object> detail) {
    for (UUID chain : new UUID[] {booking.householdId(), booking.businessId()}) {
      trail.record(
          new AuditEvent(chain, actor, action, "booking", booking.id().toString(), null, detail));
    }
  }

  /** A proposal made or withdrawn is its own event; anything else is "booking.changed". */
  void recordChange(BookingView before, BookingView after, UUID caller) {
    boolean proposalMoved =
        !Objects.equals(before.proposedStartsAt(), after.proposedStartsAt())
            || !Objects.equals(before.proposedEndsAt(), after.proposedEndsAt());
    boolean agreedMoved =
        !before.startsAt().equals(after.startsAt()) || !before.endsAt().equals(after.endsAt());
    if (proposalMoved && !agreedMoved) {
      record(
          after,
          caller,
          after.proposedStartsAt() == null
              ? "booking.reschedule.withdrawn"
              : "booking.reschedule.proposed",
          after.proposedStartsAt() == null
              ? Map.of()
              : Map.of(
                  "startsAt", after.proposedStartsAt().toString(),
                  "endsAt", after.proposedEndsAt().toString()));
    }
    if (agreedMoved
        || !proposalMoved
        || !before.petIds().equals(after.petIds())
        || !Objects.equals(before.notes(), after.notes())) {
      record(
          after,
          caller,
          "booking.changed",
          agreedMoved
              ? Map.of("startsAt", after.startsAt().toString(), "endsAt", after.endsAt().toString())
              : Map.of());
    }
  }

  void recordForBusiness(UUID businessId, UUID actor, String action, UUID target) {
    trail.record(
        new AuditEvent(businessId, actor, action, "service", target.toString(), null, Map.of()));
  }
}
