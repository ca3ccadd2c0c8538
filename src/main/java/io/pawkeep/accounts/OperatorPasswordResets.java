package io.pawkeep.accounts;

import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import io.pawkeep.web.ApiProblem;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator starts a password reset for an account (AUTHZ-7): the account is mailed the same link
 * its own "forgot password" mails, the operator never sees it, and nothing ends until the account's
 * owner uses it (AUTH-6). The operator's checks run in the operator's transaction; the link and its
 * audit event are written in a second one, still as the operator, by {@code
 * pawkeep_start_reset_for}, which the database refuses to anyone but a platform administrator with
 * the second factor; the link is mailed once that one has committed.
 */
@Component
class OperatorPasswordResets {

  private static final Logger log = LoggerFactory.getLogger(OperatorPasswordResets.class);

  private final TransactionTemplate transactions;
  private final AccountRepository accounts;
  private final AccountDirectory directory;
  private final PasswordReset passwordReset;
  private final RateLimiter rateLimiter;
  private final RateLimitProperties limits;

  OperatorPasswordResets(
      TransactionTemplate transactions,
      AccountRepository accounts,
      AccountDirectory directory,
      PasswordReset passwordReset,
      RateLimiter rateLimiter,
      RateLimitProperties limits) {
    this.transactions = transactions;
    this.accounts = accounts;
    this.directory = directory;
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
    // The link and its audit event are written in one transaction as the operator, by the one
    // database function that refuses anyone but a platform administrator with the second factor.
    String token = OpaqueTokens.generate();
    String mailTo =
        transactions
            .execute(tx -> passwordReset.writeOperatorLink(userId, token))
            .orElseThrow(
                () -> ApiProblem.conflict("Reactivate the account before resetting its password."));
    passwordReset.mail(userId, mailTo, token);
    log.info("Operator {} started a password reset for user {}", operator, userId);
  }
}
