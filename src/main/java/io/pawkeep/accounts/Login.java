package io.pawkeep.accounts;

import io.pawkeep.crypto.MasterKeyCipher;
import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.RateLimitProperties;
import io.pawkeep.security.RateLimiter;
import io.pawkeep.tenancy.Identity;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Password sign-in and its second step. Unknown emails cost the same password verification as known
 * ones, and every failure gives the same answer. Ten consecutive failures lock the account for a
 * while; the lock is not extended by attempts made while it holds, and a password reset still
 * works, so nobody can keep an account locked for ever.
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
  private final Identity identity;
  private final TransactionTemplate transactions;
  private final AccountProperties properties;
  private final Totp totp;
  private final MasterKeyCipher cipher;
  private final Registration registration;
  private final Clock clock;

  Login(
      AccountRepository accounts,
      PasswordHashing hashing,
      Sessions sessions,
      RateLimiter rateLimiter,
      RateLimitProperties limits,
      Identity identity,
      TransactionTemplate transactions,
      AccountProperties properties,
      MasterKeyCipher cipher,
      Registration registration,
      Clock clock) {
    this.accounts = accounts;
    this.hashing = hashing;
    this.sessions = sessions;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.identity = identity;
    this.transactions = transactions;
    this.properties = properties;
    this.totp = new Totp(clock);
    this.cipher = cipher;
    this.registration = registration;
    this.clock = clock;
  }

  Result login(String rawEmail, String password, ClientInfo client) {
    String email = Emails.normalise(rawEmail);
    rateLimiter.take("login-address", client.address(), limits.loginPerAddress());
    rateLimiter.take("login-account", email, limits.loginPerAccount());
    Optional<AccountRepository.LoginRecord> found = accounts.findLogin(email);
    if (found.isEmpty()) {
      hashing.matches(password, hashing.dummyHash());
      log.info("Login failed: unknown account");
      throw new AuthenticationFailed();
    }
    AccountRepository.LoginRecord account = found.get();
    boolean passwordMatches = hashing.matches(password, account.passwordHash());
    Instant now = clock.instant();
    if (account.lockedUntil() != null && account.lockedUntil().isAfter(now)) {
      log.info("Login refused for user {}: locked", account.id());
      throw new AuthenticationFailed();
    }
    if (!passwordMatches) {
      transactions.executeWithoutResult(
          tx -> {
            identity.assume(account.id());
            accounts.recordFailedLogin(
                account.id(),
                properties.lockoutThreshold(),
                now,
                now.plus(properties.lockoutDuration()));
          });
      log.info("Login failed for user {}: wrong password", account.id());
      throw new AuthenticationFailed();
    }
    if (account.deactivated()) {
      log.info("Login refused for user {}: deactivated", account.id());
      throw new AuthenticationFailed();
    }
    if (!account.emailVerified()) {
      registration.resendVerification(account.id(), email);
      log.info("Login refused for user {}: email not verified", account.id());
      throw new AuthenticationFailed();
    }
    String upgraded = hashing.needsUpgrade(account.passwordHash()) ? hashing.hash(password) : null;
    transactions.executeWithoutResult(
        tx -> {
          identity.assume(account.id());
          accounts.recordSuccessfulLogin(account.id(), upgraded);
        });
    if (upgraded != null) {
      log.info("Password hash of user {} upgraded", account.id());
    }
    if (account.totpEnabled()) {
      String challenge = OpaqueTokens.generate();
      transactions.executeWithoutResult(
          tx -> {
            identity.assume(account.id());
            accounts.insertOneTimeToken(
                OpaqueTokens.hash(challenge),
                account.id(),
                MFA_PURPOSE,
                now,
                now.plus(properties.mfaChallengeTtl()));
          });
      return new Result(null, challenge);
    }
    return new Result(sessions.open(account.id(), false, client), null);
  }

  TokenResponse completeWithSecondFactor(String mfaToken, String code, ClientInfo client) {
    byte[] hash = OpaqueTokens.hash(mfaToken);
    UUID userId =
        accounts.findOneTimeTokenOwner(hash, MFA_PURPOSE).orElseThrow(AuthenticationFailed::new);
    rateLimiter.take("login-account", userId.toString(), limits.loginPerAccount());
    Boolean passed =
        transactions.execute(
            tx -> {
              identity.assume(userId);
              Instant now = clock.instant();
              int attempts = properties.mfaChallengeAttempts();
              if (!accounts.isOneTimeTokenLive(hash, MFA_PURPOSE, now, attempts)) {
                return false;
              }
              if (verifySecondFactor(userId, code, now)
                  && accounts.consumeOneTimeToken(hash, MFA_PURPOSE, now, attempts)) {
                return true;
              }
              accounts.countOneTimeTokenAttempt(hash);
              return false;
            });
    if (!Boolean.TRUE.equals(passed)) {
      log.info("Second factor failed for user {}", userId);
      throw new AuthenticationFailed();
    }
    return sessions.open(userId, true, client);
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
    return accounts.useRecoveryCode(userId, RecoveryCodes.hash(code), now);
  }
}
