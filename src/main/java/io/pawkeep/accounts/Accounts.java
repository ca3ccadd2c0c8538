package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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
  private final AccountDirectory directory;
  private final SessionRepository sessions;
  private final OperatorPasswordResets resets;
  private final AccountAudit audit;
  private final Clock clock;

  Accounts(
      AccountRepository accounts,
      AccountDirectory directory,
      SessionRepository sessions,
      OperatorPasswordResets resets,
      AccountAudit audit,
      Clock clock) {
    this.accounts = accounts;
    this.directory = directory;
    this.sessions = sessions;
    this.resets = resets;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The account with this email (normalised as sign-in normalises it), as a list of none or one; an
   * unknown email is an empty list. Every look-up is audited, in the account's chain when one is
   * found and the platform's otherwise (AUTHZ-7, LOG-1); the email looked for is not recorded.
   */
  public List<AccountSummary> findByEmail(UUID operator, String email) {
    requireAdmin(accounts);
    List<AccountSummary> found = directory.withEmail(Emails.normalise(email));
    UUID chain = found.isEmpty() ? null : found.getFirst().id();
    if (chain == null) {
      audit.record(null, operator, "admin.user_searched", null, Map.of("found", false));
    } else {
      audit.record(chain, operator, "admin.user_searched", null, Map.of("found", true));
    }
    log.info("Operator {} looked up an account: {} found", operator, found.size());
    return found;
  }

  /**
   * Mails the account the same password reset link its own "forgot password" mails; the operator
   * never sees it and nothing ends until it is used (AUTHZ-7, AUTH-6). Audited.
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public void startPasswordReset(UUID operator, UUID userId) {
    resets.start(operator, userId);
  }

  /** Deactivates an account: its sessions end and its next request is refused. */
  public void deactivate(UUID operator, UUID userId) {
    requireAdmin(accounts);
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
    requireAdmin(accounts);
    if (!accounts.setDeactivated(userId, false, clock.instant())) {
      throw ApiProblem.notFound();
    }
    audit.record(userId, operator, "admin.user_reactivated", null, java.util.Map.of());
    log.info("Operator {} reactivated user {}", operator, userId);
  }

  /** The caller's own display name (row-level security shows nobody else's account). */
  @Transactional(readOnly = true)
  public String displayNameOf(UUID caller) {
    return accounts.find(caller).map(a -> a.displayName()).orElseThrow(ApiProblem::notFound);
  }

  /** When the caller's session was opened by signing in (refreshes do not count). */
  public java.time.Instant sessionStartedAt(UUID sessionId) {
    return sessions.startedAt(sessionId).orElseThrow(ApiProblem::notFound);
  }

  static void requireAdmin(AccountRepository accounts) {
    if (!accounts.isPlatformAdmin()) {
      throw ApiProblem.forbidden(
          "Only platform administrators signed in with a second factor may do this.");
    }
  }
}
