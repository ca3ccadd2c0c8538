package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.PrivacyProperties;
import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person deletes their own account (PRIV-2), confirming with their current password like every
 * sensitive change (rate-limited the same way). The database refuses while they are the only owner
 * of a household or business (409: hand it over or delete it first), and otherwise deactivates the
 * account at once: every session and token stops working and sign-in is refused. An operator's
 * reactivation within {@code pawkeep.privacy.undo-days} undoes it (the person asks support; no
 * mailed link exists that someone holding the mailbox could use to revive an account its owner
 * meant to close); then {@link AccountPurge} erases it.
 */
@Service
@Transactional
class AccountDeletion {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

  private final AccountRepository accounts;
  private final PasswordHashing hashing;
  private final JdbcClient jdbc;
  private final AccountAudit audit;
  private final RateLimiter rateLimiter;
  private final RateLimitProperties limits;
  private final PrivacyProperties privacy;
  private final Clock clock;

  AccountDeletion(
      AccountRepository accounts,
      PasswordHashing hashing,
      JdbcClient jdbc,
      AccountAudit audit,
      RateLimiter rateLimiter,
      RateLimitProperties limits,
      PrivacyProperties privacy,
      Clock clock) {
    this.accounts = accounts;
    this.hashing = hashing;
    this.jdbc = jdbc;
    this.audit = audit;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.privacy = privacy;
    this.clock = clock;
  }

  /** Deletes the caller's account; answers when it will be erased. */
  Instant delete(UUID userId, String currentPassword, ClientInfo client) {
    rateLimiter.take("reauthenticate", userId.toString(), limits.reauthenticationPerAccount());
    AccountRepository.Account a = accounts.find(userId).orElseThrow(ApiProblem::notFound);
    if (currentPassword == null || !hashing.matches(currentPassword, a.passwordHash())) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "wrong-current-password",
          "Current password is wrong",
          "The current password is not correct.");
    }
    // Recorded first: once deleted, the account's own requests no longer carry an identity.
    audit.record(userId, "account.deleted", client.address());
    String outcome =
        jdbc.sql("select pawkeep_delete_my_account(cast(:window as interval))")
            .param("window", privacy.undoWindow().toString())
            .query(String.class)
            .single();
    switch (outcome) {
      case "deleted" -> {}
      case "sole_household_owner" ->
          throw ApiProblem.conflict(
              "You are the only owner of a household: make someone else an owner or delete the"
                  + " household first.");
      case "sole_business_owner" ->
          throw ApiProblem.conflict(
              "You are the only owner of a business: make someone else an owner first.");
      default -> throw ApiProblem.notFound();
    }
    log.info("User {} deleted their account; erased after the undo window", userId);
    return clock.instant().plus(privacy.undoWindow());
  }
}
