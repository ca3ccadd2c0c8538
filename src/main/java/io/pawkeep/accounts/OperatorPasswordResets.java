package io.pawkeep.accounts;

import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import io.pawkeep.web.ApiProblem;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator starts a password reset for an account (AUTHZ-7): the account is mailed the same link
 * its own "forgot password" mails, the operator never sees it, and nothing ends until the account's
 * owner uses it (AUTH-6). The operator's check and the audit run in the operator's own transaction;
 * the link is written in a separate one acting as the account, as its row-level security requires,
 * after the operator's has committed.
 */
@Component
class OperatorPasswordResets {

  private static final Logger log = LoggerFactory.getLogger(OperatorPasswordResets.class);

  private final TransactionTemplate transactions;
  private final AccountRepository accounts;
  private final AccountDirectory directory;
  private final AccountAudit audit;
  private final PasswordReset passwordReset;
  private final RateLimiter rateLimiter;
  private final RateLimitProperties limits;

  OperatorPasswordResets(
      TransactionTemplate transactions,
      AccountRepository accounts,
      AccountDirectory directory,
      AccountAudit audit,
      PasswordReset passwordReset,
      RateLimiter rateLimiter,
      RateLimitProperties limits) {
    this.transactions = transactions;
    this.accounts = accounts;
    this.directory = directory;
    this.audit = audit;
    this.passwordReset = passwordReset;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
  }

  void start(UUID operator, UUID userId) {
    String email =
        transactions.execute(
            tx -> {
              Accounts.requireAdmin(accounts);
              AccountSummary account = directory.find(userId).orElseThrow(ApiProblem::notFound);
              if (account.deactivated()) {
                throw ApiProblem.conflict("Reactivate the account before resetting its password.");
              }
              return account.email();
            });
    // The account's own reset limit holds for operators too, so nobody floods a mailbox.
    rateLimiter.take("reset-account", email, limits.resetPerAccount());
    transactions.executeWithoutResult(
        tx -> audit.record(userId, operator, "admin.password_reset_started", null, Map.of()));
    passwordReset.start(userId, email);
    log.info("Operator {} started a password reset for user {}", operator, userId);
  }
}
