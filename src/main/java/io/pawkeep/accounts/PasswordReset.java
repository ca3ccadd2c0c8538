package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Password reset by a single-use link mailed to the account (30 minutes by default). A reset ends
 * every session and clears a lockout, but signs nobody in: the second factor still guards the next
 * login. Completing one confirms the address the link was mailed to (AUTH-10).
 */
@Service
class PasswordReset {

  static final String PURPOSE = "password_reset";
  private static final Logger log = LoggerFactory.getLogger(PasswordReset.class);

  private final AccountRepository accounts;
  private final SessionRepository sessions;
  private final Passwords passwords;
  private final AccountAudit audit;
  private final AccountMails mails;
  private final RateLimiter rateLimiter;
  private final RateLimitProperties limits;
  private final UserTransactions asUser;
  private final AccountProperties properties;
  private final Clock clock;
  private final Executor background =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("password-reset-", 0).factory());

  PasswordReset(
      AccountRepository accounts,
      SessionRepository sessions,
      Passwords passwords,
      AccountAudit audit,
      AccountMails mails,
      RateLimiter rateLimiter,
      RateLimitProperties limits,
      UserTransactions asUser,
      AccountProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.passwords = passwords;
    this.audit = audit;
    this.mails = mails;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.asUser = asUser;
    this.properties = properties;
    this.clock = clock;
  }

  /** Mails a link if the account exists; answers the same either way. */
  void request(String rawEmail, ClientInfo client) {
    String email = Emails.normaliseExisting(rawEmail);
    rateLimiter.take("reset-address", client.network(), limits.resetPerAddress());
    rateLimiter.take("reset-account", email, limits.resetPerAccount());
    // The link is made and mailed after the answer, so known and unknown emails take the same
    // time to answer.
    accounts
        .findLogin(email)
        .filter(account -> !account.deactivated())
        .ifPresent(account -> background.execute(() -> startQuietly(account.id(), email)));
  }

  private void startQuietly(UUID userId, String email) {
    try {
      start(userId, email);
    } catch (RuntimeException e) {
      log.error("Password reset for user {} could not be started", userId, e);
    }
  }

  /**
   * Writes the reset link an operator starts for an account (AUTHZ-7) in the operator's own
   * transaction: the database writes it, with its audit event, only for a platform administrator
   * with the second factor. Answers the address to mail it to ({@link #mail}, once that transaction
   * committed), empty when the account is not active.
   */
  Optional<String> writeOperatorLink(UUID userId, String token) {
    Instant now = clock.instant();
    return accounts.startResetFor(
        userId, OpaqueTokens.hash(token), now, now.plus(properties.passwordResetTtl()));
  }

  void mail(UUID userId, String email, String token) {
    mails.passwordReset(email, token);
    log.info("Password reset mailed to user {}", userId);
  }

  /** Starts a reset for an account, acting as the account (its own "forgot password"). */
  void start(UUID userId, String email) {
    String token = OpaqueTokens.generate();
    asUser.run(
        userId,
        () -> {
          Instant now = clock.instant();
          accounts.insertOneTimeToken(
              OpaqueTokens.hash(token),
              userId,
              PURPOSE,
              now,
              now.plus(properties.passwordResetTtl()));
        });
    mails.passwordReset(email, token);
    log.info("Password reset mailed to user {}", userId);
  }

  void confirm(String token, String newPassword) {
    byte[] hash = OpaqueTokens.hash(token);
    UUID userId =
        accounts.findOneTimeTokenOwner(hash, PURPOSE).orElseThrow(Registration::invalidLink);
    AccountRepository.Account account =
        asUser.call(
            userId,
            () -> {
              return accounts.isOneTimeTokenLive(hash, PURPOSE, clock.instant(), Integer.MAX_VALUE)
                  ? accounts.find(userId).orElse(null)
                  : null;
            });
    if (account == null) {
      throw Registration.invalidLink();
    }
    String newHash = passwords.acceptable(newPassword, account.email(), account.displayName());
    Boolean done =
        asUser.call(
            userId,
            () -> {
              Instant now = clock.instant();
              // The link proves the mailbox, so it confirms the address too (AUTH-10); spending it
              // voids the account's other reset links.
              if (!accounts.useEmailLink(hash, PURPOSE, now)) {
                return false;
              }
              accounts.changePassword(userId, newHash, now);
              sessions.revokeAll(userId, now);
              audit.record(userId, "password.reset", null);
              return true;
            });
    if (!Boolean.TRUE.equals(done)) {
      throw Registration.invalidLink();
    }
    mails.passwordChanged(account.email());
    log.info("Password of user {} reset; all sessions ended", userId);
  }
}
