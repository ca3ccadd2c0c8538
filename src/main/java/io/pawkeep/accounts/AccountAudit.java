package io.pawkeep.accounts;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Account events in the audit trail, one chain per account (so sign-ins of different people never
 * wait for each other); failures for unknown emails go to the platform chain.
 */
@Component
class AccountAudit {

  private final AuditTrail trail;

  AccountAudit(AuditTrail trail) {
    this.trail = trail;
  }

  void record(UUID account, UUID actor, String action, String address, Map<String, Object> detail) {
    trail.record(
        new AuditEvent(
            account == null ? AuditEvent.PLATFORM_CHAIN : account,
            actor,
            action,
            "user",
            account == null ? null : account.toString(),
            address,
            detail));
  }

  void record(UUID account, String action, String address) {
    record(account, account, action, address, Map.of());
  }
}
