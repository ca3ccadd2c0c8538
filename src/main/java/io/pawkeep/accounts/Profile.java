package io.pawkeep.accounts;

import io.pawkeep.crypto.MasterKeyCipher;
import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a signed-in user does with their own account. Runs inside the request's transaction, which
 * already carries the caller's identity, so every query sees only the caller's rows.
 */
@Service
@Transactional
class Profile {

  private static final Logger log = LoggerFactory.getLogger(Profile.class);
  private static final int RECOVERY_CODE_COUNT = 10;

  record Me(
      UUID id,
      String email,
      String displayName,
      boolean emailVerified,
      boolean totpEnabled,
      boolean platformAdmin,
      Instant createdAt) {}

  record TotpEnrolment(String secret, String otpauthUri) {}

  private final AccountRepository accounts;
  private final Sessions sessionService;
  private final PasswordHashing hashing;
  private final Passwords passwords;
  private final AccountMails mails;
  private final MasterKeyCipher cipher;
  private final Login login;
  private final AccountAudit audit;
  private final RateLimiter rateLimiter;
  private final RateLimitProperties limits;
  private final AccountProperties properties;
  private final RecoveryCodes recoveryCodes;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Profile(
      AccountRepository accounts,
      Sessions sessionService,
      PasswordHashing hashing,
      Passwords passwords,
      AccountMails mails,
      MasterKeyCipher cipher,
      Login login,
      AccountAudit audit,
      RateLimiter rateLimiter,
      RateLimitProperties limits,
      AccountProperties properties,
      RecoveryCodes recoveryCodes,
      Clock clock) {
    this.accounts = accounts;
    this.sessionService = sessionService;
    this.hashing = hashing;
    this.passwords = passwords;
    this.mails = mails;
    this.cipher = cipher;
    this.login = login;
    this.audit = audit;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.properties = properties;
    this.recoveryCodes = recoveryCodes;
    this.clock = clock;
  }

  Me me(UUID userId) {
    AccountRepository.Account a = account(userId);
    return new Me(
        a.id(),
        a.email(),
        a.displayName(),
        a.emailVerified(),
        a.totpEnabled(),
        accounts.isPlatformAdmin(),
        a.createdAt());
  }

  /**
   * Changes the password after checking the current one, ends every session (this one too) and
   * opens a fresh session for this device.
   */
  TokenResponse changePassword(
      UUID userId,
      boolean secondFactor,
      String currentPassword,
      String newPassword,
      ClientInfo client) {
    rateLimiter.take("reauthenticate", userId.toString(), limits.reauthenticationPerAccount());
    AccountRepository.Account a = account(userId);
    if (!hashing.matches(currentPassword, a.passwordHash())) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "wrong-current-password",
          "Current password is wrong",
          "The current password is not correct.");
    }
    String hash = passwords.acceptable(newPassword, a.email(), a.displayName());
    Instant now = clock.instant();
    accounts.changePassword(userId, hash, now);
    accounts.voidPasswordResetLinks();
    TokenResponse fresh = sessionService.renew(userId, secondFactor, client);
    audit.record(userId, "password.changed", client.address());
    mails.passwordChanged(a.email());
    log.info("User {} changed their password; all sessions ended", userId);
    return fresh;
  }

  TotpEnrolment startTotp(UUID userId) {
    AccountRepository.Account a = account(userId);
    if (a.totpEnabled()) {
      throw ApiProblem.conflict("A second factor is already enabled.");
    }
    byte[] secret = Totp.newSecret(random);
    accounts.storePendingTotp(
        userId, cipher.encrypt(secret, "users", "totp_secret", userId.toString()));
    return new TotpEnrolment(
        Totp.base32(secret), Totp.otpauthUri(properties.totpIssuer(), a.email(), secret));
  }

  List<String> confirmTotp(UUID userId, String code) {
    AccountRepository.Account a = account(userId);
    if (a.totpEnabled() || a.totpSecret() == null) {
      throw ApiProblem.conflict("There is no second-factor enrolment to confirm.");
    }
    byte[] secret;
    try {
      secret = cipher.decrypt(a.totpSecret(), "users", "totp_secret", userId.toString());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("second-factor secret failed to decrypt");
    }
    OptionalLong step = new Totp(clock).verify(secret, code, a.totpLastStep());
    if (step.isEmpty()) {
      throw wrongCode();
    }
    accounts.enableTotp(userId, step.getAsLong(), clock.instant());
    List<String> codes = RecoveryCodes.generate(random, RECOVERY_CODE_COUNT);
    accounts.replaceRecoveryCodes(userId, codes.stream().map(recoveryCodes::hash).toList());
    audit.record(userId, "second_factor.enabled", null);
    mails.secondFactorChanged(a.email(), true);
    log.info("User {} enabled a second factor", userId);
    return codes;
  }

  void disableTotp(UUID userId, String code) {
    AccountRepository.Account a = account(userId);
    if (!a.totpEnabled()) {
      throw ApiProblem.conflict("No second factor is enabled.");
    }
    rateLimiter.take("reauthenticate", userId.toString(), limits.reauthenticationPerAccount());
    if (!login.verifySecondFactor(userId, code, clock.instant())) {
      throw wrongCode();
    }
    accounts.disableTotp(userId);
    audit.record(userId, "second_factor.disabled", null);
    mails.secondFactorChanged(a.email(), false);
    log.info("User {} disabled their second factor", userId);
  }

  /** The zone the pages show this person times in: their choice, else UTC. */
  String timeZone(UUID userId) {
    return accounts.timeZone(userId).orElse("UTC");
  }

  /**
   * Keeps {@code zone} as the person's time zone; only the IANA region names the pages offer (and
   * UTC) are taken, anything else is the client's mistake (400).
   */
  void changeTimeZone(UUID userId, String zone) {
    if (!UtcTimes.isZone(zone)) {
      throw ApiProblem.badRequest("Choose a time zone from the list.");
    }
    accounts.changeTimeZone(userId, zone);
    log.info("User {} changed their time zone", userId);
  }

  Page<SessionRepository.SessionView> sessions(UUID userId, PageRequest page) {
    return sessionService.list(userId, page);
  }

  void revokeSession(UUID userId, UUID sessionId) {
    if (!sessionService.revoke(userId, sessionId)) {
      throw ApiProblem.notFound();
    }
    audit.record(
        userId, userId, "session.revoked", null, java.util.Map.of("session", sessionId.toString()));
    log.info("User {} revoked session {}", userId, sessionId);
  }

  void revokeAllSessions(UUID userId) {
    int revoked = sessionService.revokeAll(userId);
    audit.record(userId, "session.revoked_all", null);
    log.info("User {} signed out everywhere ({} sessions)", userId, revoked);
  }

  private AccountRepository.Account account(UUID userId) {
    return accounts.find(userId).orElseThrow(ApiProblem::notFound);
  }

  private static ApiProblem wrongCode() {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST, "invalid-code", "Invalid code", "The code is not valid.");
  }
}
