package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Registration with email verification. A new, an unconfirmed and an already registered email get
 * the same answer and cost the same work (a password hash, one database call and one mail); only
 * the mailbox owner learns which case it was. An unconfirmed address gets a link to finish signing
 * up, where whoever opens it chooses the password (AUTH-10): a repeated registration never sets the
 * password of a pending account.
 */
@Service
class Registration {

  static final String VERIFY_PURPOSE = "verify_email";
  private static final Logger log = LoggerFactory.getLogger(Registration.class);

  private final AccountRepository accounts;
  private final Passwords passwords;
  private final AccountMails mails;
  private final RateLimiter rateLimiter;
  private final RateLimitProperties limits;
  private final UserTransactions asUser;
  private final AccountProperties properties;
  private final Clock clock;

  Registration(
      AccountRepository accounts,
      Passwords passwords,
      AccountMails mails,
      RateLimiter rateLimiter,
      RateLimitProperties limits,
      UserTransactions asUser,
      AccountProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.mails = mails;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.asUser = asUser;
    this.properties = properties;
    this.clock = clock;
  }

  void register(String rawEmail, String password, String displayName, ClientInfo client) {
    String email = Emails.normalise(rawEmail);
    String name = displayName.strip();
    if (name.isEmpty()) {
      throw ApiProblem.badRequest("displayName must not be blank.");
    }
    rateLimiter.take("register-address", client.network(), limits.registrationPerAddress());
    String hash = passwords.acceptable(password, email, name);
    UUID id = UUID.randomUUID();
    String token = OpaqueTokens.generate();
    Instant now = clock.instant();
    // One database call whatever the email's state: the same work, and the same answer.
    AccountRepository.Registered outcome =
        accounts.register(
            id,
            email,
            name,
            hash,
            OpaqueTokens.hash(token),
            now,
            now.plus(properties.emailVerificationTtl()),
            now.plus(properties.passwordResetTtl()));
    switch (outcome) {
      case CREATED -> {
        mails.verifyEmail(email, token);
        log.info("User {} registered", id);
      }
      case UNCONFIRMED -> {
        // AUTH-10: a lost or expired link must not leave the address stuck unconfirmed. The link
        // is a password reset link: a confirmation link carrying this registration's password
        // would let anyone who registers a pending address set its password.
        mails.finishSigningUp(email, token);
        log.info("Registration for an unconfirmed email: finish-signing-up link mailed");
      }
      case REGISTERED -> {
        mails.alreadyRegistered(email);
        log.info("Registration for an existing email: notice mailed");
      }
    }
  }

  void verify(String token) {
    byte[] hash = OpaqueTokens.hash(token);
    UUID userId =
        accounts.findOneTimeTokenOwner(hash, VERIFY_PURPOSE).orElseThrow(Registration::invalidLink);
    Boolean verified =
        asUser.call(userId, () -> accounts.useEmailLink(hash, VERIFY_PURPOSE, clock.instant()));
    if (!Boolean.TRUE.equals(verified)) {
      throw invalidLink();
    }
    log.info("User {} verified their email", userId);
  }

  /**
   * A correct password on an unverified account mails a fresh link. Earlier links stay valid until
   * they expire: a sign-in must not void the link of a later registration (AUTH-10).
   */
  void resendVerification(UUID userId, String email) {
    String token = OpaqueTokens.generate();
    asUser.run(
        userId,
        () -> {
          Instant now = clock.instant();
          accounts.insertOneTimeToken(
              OpaqueTokens.hash(token),
              userId,
              VERIFY_PURPOSE,
              now,
              now.plus(properties.emailVerificationTtl()));
        });
    mails.verifyEmail(email, token);
  }

  static ApiProblem invalidLink() {
    return ApiProblem.badRequest("This link is invalid, was already used or has expired.");
  }
}
