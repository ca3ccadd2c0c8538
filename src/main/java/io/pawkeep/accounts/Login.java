package io.pawkeep.accounts;

import io.pawkeep.crypto.MasterKeyCipher;
import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import io.pawkeep.security.SecurityMetrics;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Password sign-in and its second step. Unknown emails cost the same password verification as known
 * ones, and every failure gives the same answer. Ten consecutive failures (second-factor ones
 * included) lock the account for a while, for the address they came from: the lock is not extended
 * by attempts made while it holds, a password reset clears it, and other addresses stay open, so
 * nobody can keep a person out of their own account.
 */
@Service
class Login {

  static final String MFA_PURPOSE = "mfa_login";
  private static final Logger log = LoggerFactory.getLogger(Login.class);

  /** Either tokens, or a challenge for the second factor. */
  record Result(TokenResponse tokens, String mfaToken) {}

  private final AccountRepository accounts;
  private final PasswordHashing hashing;
  private final Sessions sessions;
  private final RateLimiter rateLimiter;
  private final RateLimitProperties limits;
  private final UserTransactions asUser;
  private final AccountProperties properties;
  private final Totp totp;
  private final MasterKeyCipher cipher;
  private final Registration registration;
  private final AccountAudit audit;
  private final RecoveryCodes recoveryCodes;
  private final Clock clock;
  private final SecurityMetrics metrics;
  private final ApplicationEventPublisher events;

  Login(
      AccountRepository accounts,
      PasswordHashing hashing,
      Sessions sessions,
      RateLimiter rateLimiter,
      RateLimitProperties limits,
      UserTransactions asUser,
      AccountProperties properties,
      MasterKeyCipher cipher,
      Registration registration,
      AccountAudit audit,
      RecoveryCodes recoveryCodes,
      Clock clock,
      SecurityMetrics metrics,
      ApplicationEventPublisher events) {
    this.accounts = accounts;
    this.hashing = hashing;
    this.sessions = sessions;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.asUser = asUser;
    this.properties = properties;
    this.totp = new Totp(clock);
    this.cipher = cipher;
    this.registration = registration;
    this.audit = audit;
    this.recoveryCodes = recoveryCodes;
    this.clock = clock;
    this.metrics = metrics;
    this.events = events;
  }

  Result login(String rawEmail, String password, ClientInfo client) {
    String email = Emails.normaliseExisting(rawEmail);
    rateLimiter.take("login-address", client.network(), limits.loginPerAddress());
    rateLimiter.take("login-account", email, limits.loginPerAccount());
    Optional<AccountRepository.LoginRecord> found = accounts.findLogin(email);
    Instant now = clock.instant();
    String address = addressKey(client);
    if (found.isEmpty()) {
      // The same work as a wrong password for a known account: one hash, one transaction.
      hashing.matches(password, hashing.dummyHash());
      UUID nobody = UUID.randomUUID();
      asUser.call(nobody, () -> accounts.isLocked(nobody, address, now));
      audit.record(null, null, "login.failed", client.address(), Map.of("reason", "unknown"));
      log.info("Login failed: unknown account");
      failed(SignInAttempt.unknownEmail(email, client.network()), false);
      throw new AuthenticationFailed();
    }
    AccountRepository.LoginRecord account = found.get();
    UUID id = account.id();
    if (!hashing.matches(password, account.passwordHash())) {
      // No effect while locked: a lock is never extended.
      boolean locked = recordFailure(id, address, now);
      audit.record(id, null, "login.failed", client.address(), Map.of("reason", "password"));
      log.info("Login failed for user {}: wrong password", id);
      failed(SignInAttempt.of(id, client.network(), false), locked);
      throw new AuthenticationFailed();
    }
    if (asUser.call(id, () -> accounts.isLocked(id, address, now))) {
      audit.record(id, null, "login.failed", client.address(), Map.of("reason", "locked"));
      log.info("Login refused for user {}: locked for this address", id);
      failed(SignInAttempt.of(id, client.network(), false), false);
      throw new AuthenticationFailed();
    }
    if (account.deactivated()) {
      log.info("Login refused for user {}: deactivated", id);
      metrics.signIn(SecurityMetrics.SignIn.FAILURE);
      throw new AuthenticationFailed();
    }
    if (!account.emailVerified()) {
      registration.resendVerification(id, email);
      log.info("Login refused for user {}: email not verified", id);
      metrics.signIn(SecurityMetrics.SignIn.FAILURE);
      throw new AuthenticationFailed();
    }
    String upgraded = hashing.needsUpgrade(account.passwordHash()) ? hashing.hash(password) : null;
    if (upgraded != null) {
      asUser.run(id, () -> accounts.upgradePasswordHash(id, upgraded));
      log.info("Password hash of user {} upgraded", id);
    }
    if (account.totpEnabled()) {
      // Failures are cleared only once the second factor passes too.
      String challenge = OpaqueTokens.generate();
      asUser.run(
          id,
          () ->
              accounts.insertOneTimeToken(
                  OpaqueTokens.hash(challenge),
                  id,
                  MFA_PURPOSE,
                  now,
                  now.plus(properties.mfaChallengeTtl())));
      return new Result(null, challenge);
    }
    // Recorded as the account: the database takes the actor from the transaction's identity.
    asUser.run(
        id,
        () -> {
          accounts.clearFailedLogins(id, address);
          audit.record(id, "login.succeeded", client.address());
        });
    Result result = new Result(sessions.open(id, client), null);
    succeeded(SignInAttempt.of(id, client.network(), true));
    return result;
  }

  TokenResponse completeWithSecondFactor(String mfaToken, String code, ClientInfo client) {
    byte[] hash = OpaqueTokens.hash(mfaToken);
    UUID userId =
        accounts.findOneTimeTokenOwner(hash, MFA_PURPOSE).orElseThrow(AuthenticationFailed::new);
    rateLimiter.take("login-account", userId.toString(), limits.loginPerAccount());
    String address = addressKey(client);
    Instant now = clock.instant();
    TokenResponse tokens =
        asUser.call(
            userId,
            () -> {
              int attempts = properties.mfaChallengeAttempts();
              if (accounts.isLocked(userId, address, now)
                  || !accounts.isOneTimeTokenLive(hash, MFA_PURPOSE, now, attempts)) {
                return null;
              }
              if (verifySecondFactor(userId, code, now)) {
                // The session is opened by spending the challenge, in this transaction.
                Optional<TokenResponse> opened =
                    sessions.openWithSecondFactor(userId, hash, attempts, client);
                if (opened.isPresent()) {
                  accounts.clearFailedLogins(userId, address);
                  audit.record(userId, "login.succeeded", client.address());
                  return opened.get();
                }
              }
              accounts.countSecondFactorAttempt(hash);
              return null;
            });
    if (tokens == null) {
      boolean locked = recordFailure(userId, address, now);
      audit.record(
          userId, null, "login.failed", client.address(), Map.of("reason", "second_factor"));
      log.info("Second factor failed for user {}", userId);
      failed(SignInAttempt.of(userId, client.network(), false), locked);
      throw new AuthenticationFailed();
    }
    succeeded(SignInAttempt.of(userId, client.network(), true));
    return tokens;
  }

  /** LOG-3: counted, and handed to the anomaly rules, once the attempt is decided. */
  private void failed(SignInAttempt attempt, boolean locked) {
    metrics.signIn(SecurityMetrics.SignIn.FAILURE);
    if (locked) {
      metrics.signIn(SecurityMetrics.SignIn.LOCKOUT);
    }
    events.publishEvent(attempt);
  }

  private void succeeded(SignInAttempt attempt) {
    metrics.signIn(SecurityMetrics.SignIn.SUCCESS);
    events.publishEvent(attempt);
  }

  /** Counts a failure; answers whether it locked the account for the address. */
  private boolean recordFailure(UUID id, String address, Instant now) {
    return asUser.call(
        id,
        () ->
            accounts.recordFailedLogin(
                id,
                address,
                properties.lockoutThreshold(),
                now,
                now.plus(properties.lockoutDuration())));
  }

  /** Client addresses (an IPv6 address by its /64) are kept only as hashes. */
  private static String addressKey(ClientInfo client) {
    return java.util.HexFormat.of().formatHex(OpaqueTokens.hash(String.valueOf(client.network())));
  }

  /**
   * Checks a TOTP code (each step usable once) or a recovery code (usable once) for the account
   * whose identity the current transaction holds.
   */
  boolean verifySecondFactor(UUID userId, String code, Instant now) {
    if (code == null || code.length() > 32) {
      return false;
    }
    AccountRepository.Account account = accounts.find(userId).orElse(null);
    if (account == null || !account.totpEnabled() || account.totpSecret() == null) {
      return false;
    }
    byte[] secret;
    try {
      secret = cipher.decrypt(account.totpSecret(), "users", "totp_secret", userId.toString());
    } catch (GeneralSecurityException e) {
      log.error("Second-factor secret of user {} failed to decrypt", userId);
      return false;
    }
    OptionalLong step = totp.verify(secret, code, account.totpLastStep());
    if (step.isPresent()) {
      return accounts.useTotpStep(userId, step.getAsLong());
    }
    return accounts.useRecoveryCode(userId, recoveryCodes.hash(code), now);
  }
}
