package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.WebSessionCookie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

  /**
   * A browser session: the secret of its {@code __Host-pawkeep} cookie and the cookie's Max-Age.
   */
  public record BrowserSession(String secret, Duration maxAge) {}

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
  private final WebSessionProperties webSessions;
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
      WebSessionProperties webSessions,
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
    this.webSessions = webSessions;
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
    return tokens(open(id, CLIENT));
  }

  private TokenResponse open(UUID id, ClientInfo client) {
    asUser.run(
        id,
        () -> {
          accounts.clearFailedLogins(id, addressKey());
          audit.record(id, "login.succeeded", client.address());
        });
    return sessions.open(id, client);
  }

  /**
   * A browser session for the account at {@code email}, opened by the steps the sign-in page takes
   * once the password matched ({@link SignInPages}, SESS-5): a session as {@link Login} opens it,
   * made a browser session under a new cookie secret with the same timeouts, and the browser's
   * earlier session (the secret of its old cookie, if any) ended. Only the typing of the password
   * and its Argon2 check are skipped, so it is for tests whose subject is not signing in. An
   * account the page would not let in on its password alone (unconfirmed, deactivated, or with a
   * second factor) is refused: such tests sign in through the page.
   */
  public BrowserSession browserSession(String email, String userAgent, Optional<String> oldSecret) {
    AccountRepository.LoginRecord account =
        accounts
            .findLogin(Emails.normalise(email))
            .orElseThrow(() -> new IllegalStateException("no account for " + email));
    if (!account.emailVerified() || account.deactivated() || account.totpEnabled()) {
      throw new IllegalStateException(
          "the sign-in page would not let this account in on its password alone;"
              + " sign it in through the page");
    }
    oldSecret.ifPresent(old -> sessions.endWebSession(WebSessionCookie.hash(old)));
    TokenResponse opened = open(account.id(), new ClientInfo(CLIENT.address(), userAgent));
    String secret = WebSessionCookie.newSecret();
    sessions.makeWebSession(
        opened,
        WebSessionCookie.hash(secret),
        webSessions.idleTimeout(),
        webSessions.absoluteTimeout(),
        false);
    return new BrowserSession(secret, webSessions.absoluteTimeout());
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
