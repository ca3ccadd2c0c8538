package io.pawkeep.bookings;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import java.util.Map;
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

  void recordForBusiness(UUID businessId, UUID actor, String action, UUID target) {
    trail.record(
        new AuditEvent(businessId, actor, action, "service", target.toString(), null, Map.of()));
  }
}
