package io.pawkeep.businesses;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Appends business events to the audit trail, one chain per business (or household). */
@Component
class BusinessEvents {

  private final AuditTrail trail;

  BusinessEvents(AuditTrail trail) {
    this.trail = trail;
  }

  void record(
      UUID chain,
      UUID actor,
      String action,
      String targetType,
      UUID target,
      Map<String, Object> detail) {
    trail.record(new AuditEvent(chain, actor, action, targetType, target.toString(), null, detail));
  }
}
