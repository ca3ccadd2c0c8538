package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in people for the tests of other modules, made in-process by the accounts module's own
 * code instead of the register, mail, confirm and sign-in round trips (the accounts tests keep
 * those and prove them). Nothing is forged: the account is created by {@code pawkeep_register},
 * confirmed by spending its confirmation link through {@link Registration#verify}, and its session
 * and tokens are opened by {@link Sessions} as sign-in opens them; a second-factor session spends a
 * sign-in challenge through {@link Login#completeWithSecondFactor}. What is skipped is the mail and
 * the password check: an account's stored hash is a real Argon2id hash of its password, made once
 * per password and shared by the accounts made with it, so signing in with it works.
 */
public class AccountFixture {

  /** The tokens of a session, as the sign-in answer gives them. */
  public record Tokens(String accessToken, String refreshToken) {}

  // Sessions opened here look like the API tests' own: a loopback caller with Java's HTTP client.
  private static final ClientInfo CLIENT =
      new ClientInfo("127.0.0.1", "Java-http-client/" + Runtime.version().feature());

  private final AccountRepository accounts;
  private final Passwords passwords;
  private final Registration registration;
  private final Sessions sessions;
  private final Login login;
  private final Profile profile;
  private final AccountAudit audit;
  private final UserTransactions asUser;
  private final AccountProperties properties;
  private final Clock clock;
  private final Map<String, String> hashes = new ConcurrentHashMap<>();

  AccountFixture(
      AccountRepository accounts,
      Passwords passwords,
      Registration registration,
      Sessions sessions,
      Login login,
      Profile profile,
      AccountAudit audit,
      UserTransactions asUser,
      AccountProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.registration = registration;
    this.sessions = sessions;
    this.login = login;
    this.profile = profile;
    this.audit = audit;
    this.asUser = asUser;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Creates an account with a confirmed address, as registering and opening the mailed link do;
   * fails if the address is taken.
   */
  public UUID confirmedAccount(String email, String password, String displayName) {
    UUID id = UUID.randomUUID();
    String link = OpaqueTokens.generate();
    Instant now = clock.instant();
    AccountRepository.Registered outcome =
        accounts.register(
            id,
            Emails.normalise(email),
            displayName,
            hashes.computeIfAbsent(password, p -> passwords.acceptable(p, email, displayName)),
            OpaqueTokens.hash(link),
            now,
            now.plus(properties.emailVerificationTtl()),
            now.plus(properties.passwordResetTtl()));
    if (outcome != AccountRepository.Registered.CREATED) {
      throw new IllegalStateException("the address is registered already: " + outcome);
    }
    registration.verify(link);
    return id;
  }

  /** A session opened for the account as a sign-in with the right password opens it. */
  public Tokens signIn(UUID id) {
    asUser.run(
        id,
        () -> {
          accounts.clearFailedLogins(id, addressKey());
          audit.record(id, "login.succeeded", CLIENT.address());
        });
    return tokens(sessions.open(id, CLIENT));
  }

  /** Starts the second-factor enrolment of a signed-in account; the base32 secret. */
  public String startSecondFactor(UUID id) {
    return asUser.call(id, () -> profile.startTotp(id)).secret();
  }

  /** Confirms the enrolment with a current code of the secret. */
  public void confirmSecondFactor(UUID id, String code) {
    asUser.run(id, () -> profile.confirmTotp(id, code));
  }

  /**
   * A session with the second factor, opened as sign-in opens it once the password matched: a
   * challenge is issued, and the code spends it ({@link Login#completeWithSecondFactor}).
   */
  public Tokens signInWithSecondFactor(UUID id, String code) {
    String challenge = OpaqueTokens.generate();
    Instant now = clock.instant();
    asUser.run(
        id,
        () ->
            accounts.insertOneTimeToken(
                OpaqueTokens.hash(challenge),
                id,
                Login.MFA_PURPOSE,
                now,
                now.plus(properties.mfaChallengeTtl())));
    return tokens(login.completeWithSecondFactor(challenge, code, CLIENT));
  }

  private static String addressKey() {
    return java.util.HexFormat.of().formatHex(OpaqueTokens.hash(CLIENT.network()));
  }

  private static Tokens tokens(TokenResponse response) {
    return new Tokens(response.accessToken(), response.refreshToken());
  }
}
