package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The accounts module's API for other modules. Operator actions require a platform administrator
 * signed in with a second factor; the database checks it too.
 */
@Service
@Transactional
public class Accounts {

  private static final Logger log = LoggerFactory.getLogger(Accounts.class);

  private final AccountRepository accounts;
  private final SessionRepository sessions;
  private final AccountAudit audit;
  private final Clock clock;

  Accounts(
      AccountRepository accounts, SessionRepository sessions, AccountAudit audit, Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
  }

  /** Deactivates an account: its sessions end and its next request is refused. */
  public void deactivate(UUID operator, UUID userId) {
    requireAdmin();
    if (operator.equals(userId)) {
      throw ApiProblem.conflict("Operators cannot deactivate their own account.");
    }
    if (!accounts.setDeactivated(userId, true, clock.instant())) {
      throw ApiProblem.notFound();
    }
    sessions.revokeAll(userId, clock.instant());
    audit.record(userId, operator, "admin.user_deactivated", null, java.util.Map.of());
    log.info("Operator {} deactivated user {}", operator, userId);
  }

  public void reactivate(UUID operator, UUID userId) {
    requireAdmin();
    if (!accounts.setDeactivated(userId, false, clock.instant())) {
      throw ApiProblem.notFound();
    }
    audit.record(userId, operator, "admin.user_reactivated", null, java.util.Map.of());
    log.info("Operator {} reactivated user {}", operator, userId);
  }

  /** When the caller's session was opened by signing in (refreshes do not count). */
  public java.time.Instant sessionStartedAt(UUID sessionId) {
    return sessions.startedAt(sessionId).orElseThrow(ApiProblem::notFound);
  }

  private void requireAdmin() {
    if (!accounts.isPlatformAdmin()) {
      throw ApiProblem.forbidden(
          "Only platform administrators signed in with a second factor may do this.");
    }
  }
}
