package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.AccountFixture;
import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.tenancy.Identity;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the API tests: one application on a random port over the shared embedded database, a
 * movable clock, and helpers that make signed-in people. The accounts tests sign people up the way
 * a client does (register, mailed link, sign-in), which they prove; the tests of other modules get
 * the same accounts and sessions from {@link AccountFixture}, made in-process by the accounts
 * module's code without the mail and the password hashing of each round trip.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({TestClockConfiguration.class, AccountFixture.class})
public abstract class ApiTestSupport {

  public static final String PASSWORD = "tawny-otter-chases-seven-kites";

  public record User(String email, String password, String accessToken, String refreshToken) {}

  @LocalServerPort protected int port;
  @Autowired protected MutableClock clock;
  protected ApiClient api;
  @Autowired private JdbcClient applicationDatabase;
  @Autowired private PlatformTransactionManager applicationTransactions;
  @Autowired private AccountFixture accounts;
  @Autowired private Identity identity;

  @BeforeEach
  void createClient() {
    api = new ApiClient(port);
  }

  protected static String uniqueEmail(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  /**
   * Whether this test class signs people up through the API: the accounts tests do, since they
   * prove that flow; every other test gets its people from {@link AccountFixture}.
   */
  private boolean signsUpThroughTheApi() {
    return getClass().getPackageName().equals(AccountFixture.class.getPackageName());
  }

  /** Registers an account and confirms its address (through the mailed link in accounts tests). */
  protected String registerVerified(String email, String password) {
    if (!signsUpThroughTheApi()) {
      accounts.confirmedAccount(email, password, "Alex Walker");
      return email;
    }
    // Fixed addresses (the admin) may have mail left from an earlier run in the test data folder
    // (TestFolders).
    int earlier = Mailbox.awaitMails(email, "Confirm", 0).size();
    ApiClient.Response r =
        api.post(
            "/api/v1/auth/register",
            Map.of("email", email, "password", password, "displayName", "Alex Walker"));
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    String token = Mailbox.awaitLatest(email, "Confirm", earlier + 1).token();
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(204);
    return email;
  }

  protected ApiClient.Response login(String email, String password) {
    return api.post("/api/v1/auth/login", Map.of("email", email, "password", password));
  }

  protected User signedInUser(String name) {
    if (!signsUpThroughTheApi()) {
      String email = uniqueEmail(name);
      AccountFixture.Tokens tokens =
          accounts.signIn(accounts.confirmedAccount(email, PASSWORD, "Alex Walker"));
      return new User(email, PASSWORD, tokens.accessToken(), tokens.refreshToken());
    }
    String email = registerVerified(uniqueEmail(name), PASSWORD);
    ApiClient.Response r = login(email, PASSWORD);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(email, PASSWORD, r.text("access_token"), r.text("refresh_token"));
  }

  /** Creates a household owned by {@code owner}; returns its id. */
  protected String createHousehold(User owner, String name) {
    ApiClient.Response r =
        api.post("/api/v1/households", Map.of("name", name), owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** The owner invites {@code person} with {@code role}, who accepts. */
  protected void join(User owner, String household, User person, String role) {
    String token =
        api.post(
                "/api/v1/households/" + household + "/invites",
                Map.of("role", role),
                owner.accessToken())
            .text("token");
    ApiClient.Response r =
        api.post("/api/v1/invites/accept", Map.of("token", token), person.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  /** Enrols TOTP for a signed-in user; returns the base32 secret. */
  protected String enrolTotp(User user) {
    ApiClient.Response start = api.post("/api/v1/me/totp", null, user.accessToken());
    assertThat(start.status()).as(start.raw()).isEqualTo(200);
    String secret = start.text("secret");
    ApiClient.Response confirm =
        api.post(
            "/api/v1/me/totp/confirm",
            Map.of("code", TotpCodes.at(secret, clock)),
            user.accessToken());
    assertThat(confirm.status()).as(confirm.raw()).isEqualTo(200);
    clock.advance(TotpCodes.step());
    return secret;
  }

  /** Signs in with password and TOTP; returns the token response. */
  protected ApiClient.Response loginWithTotp(String email, String password, String secret) {
    ApiClient.Response first = login(email, password);
    assertThat(first.json().path("mfa_required").asBoolean()).as(first.raw()).isTrue();
    ApiClient.Response second =
        api.post(
            "/api/v1/auth/login/mfa",
            Map.of("mfa_token", first.text("mfa_token"), "code", TotpCodes.at(secret, clock)));
    clock.advance(TotpCodes.step());
    return second;
  }

  /** A user who enrolled TOTP and signed in with it (a session with the second factor). */
  protected User withSecondFactor(String name) {
    if (!signsUpThroughTheApi()) {
      // The same steps and the same moves of the clock as enrolTotp and loginWithTotp.
      String email = uniqueEmail(name);
      UUID id = accounts.confirmedAccount(email, PASSWORD, "Alex Walker");
      String secret = accounts.startSecondFactor(id);
      accounts.confirmSecondFactor(id, TotpCodes.at(secret, clock));
      clock.advance(TotpCodes.step());
      AccountFixture.Tokens tokens =
          accounts.signInWithSecondFactor(id, TotpCodes.at(secret, clock));
      clock.advance(TotpCodes.step());
      return new User(email, PASSWORD, tokens.accessToken(), tokens.refreshToken());
    }
    User user = signedInUser(name);
    String secret = enrolTotp(user);
    ApiClient.Response r = loginWithTotp(user.email(), user.password(), secret);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(user.email(), user.password(), r.text("access_token"), r.text("refresh_token"));
  }

  /** Signs in again, for a user whose access token the moved clock has expired. */
  protected User again(User user) {
    ApiClient.Response r = login(user.email(), user.password());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(user.email(), user.password(), r.text("access_token"), r.text("refresh_token"));
  }

  protected String userId(User user) {
    return api.get("/api/v1/me", user.accessToken()).text("id");
  }

  /** Creates a business ({@code care_company} or {@code clinic}) owned by {@code owner}. */
  protected String createBusiness(User owner, String kind, String name) {
    ApiClient.Response r =
        api.post("/api/v1/businesses", Map.of("kind", kind, "name", name), owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** A pet of {@code household}, added by {@code writer}; returns its id. */
  protected String createPet(User writer, String household, String name, String species) {
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", name, "species", species),
            writer.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** A dog called {@code name}; returns its id. */
  protected String pet(User writer, String household, String name) {
    return createPet(writer, household, name, "dog");
  }

  /** {@code writer} sets the pet's care instructions ({@code feeding}, {@code medicalNotes}...). */
  protected void careInstructions(User writer, String pet, Map<String, String> instructions) {
    ApiClient.Response r =
        api.send(
            "PUT",
            "/api/v1/pets/" + pet + "/care-instructions",
            instructions,
            writer.accessToken(),
            Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  /** A service of the business at 25.00 EUR; returns its id. */
  protected String createService(
      User manager, String business, String kind, String name, int minutes) {
    ApiClient.Response r =
        api.post(
            "/api/v1/businesses/" + business + "/services",
            Map.of(
                "kind",
                kind,
                "name",
                name,
                "durationMinutes",
                minutes,
                "priceMinor",
                2500,
                "currency",
                "EUR"),
            manager.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** {@code manager} invites {@code person} with {@code role}, who accepts. */
  protected void hire(User manager, String business, User person, String role) {
    hire(manager, business, person, role, Map.of());
  }

  protected void hire(
      User manager, String business, User person, String role, Map<String, String> overrides) {
    ApiClient.Response invited =
        api.post(
            "/api/v1/businesses/" + business + "/staff-invites",
            Map.of("role", role, "permissions", overrides),
            manager.accessToken());
    assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
    ApiClient.Response r =
        api.post(
            "/api/v1/staff-invites/accept",
            Map.of("token", invited.text("token")),
            person.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  /** The household's owner makes the business a client relationship of the household. */
  protected void grant(User householdOwner, String household, String business) {
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/businesses/" + business + "/grant",
            null,
            householdOwner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  protected void revoke(User householdOwner, String household, String business) {
    ApiClient.Response r =
        api.delete(
            "/api/v1/households/" + household + "/businesses/" + business,
            null,
            householdOwner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(204);
  }

  /**
   * Runs {@code work} as the application role in one transaction carrying the user's identity and
   * session from their access token, for tests that prove a rule in the database itself.
   */
  protected <T> T asCaller(User user, Function<JdbcClient, T> work) {
    return asIdentity(claim(user, "sub"), claim(user, "sid"), work);
  }

  /** As {@link #asCaller(User, Function)}, with the request time set as a request sets it. */
  protected <T> T asCaller(User user, Instant requestTime, Function<JdbcClient, T> work) {
    return asIdentity(claim(user, "sub"), claim(user, "sid"), requestTime, work);
  }

  /**
   * Runs {@code work} as the application role in one transaction carrying the identity (and
   * session, when not null) set the way a request sets them.
   */
  protected <T> T asIdentity(UUID userId, UUID sessionId, Function<JdbcClient, T> work) {
    return asIdentity(userId, sessionId, null, work);
  }

  /** As {@link #asIdentity(UUID, UUID, Function)} without a session, for work with no result. */
  protected void asIdentity(UUID userId, Consumer<JdbcClient> work) {
    asIdentity(
        userId,
        null,
        null,
        db -> {
          work.accept(db);
          return null;
        });
  }

  /**
   * As {@link #asIdentity(UUID, UUID, Function)}, with the request time (when not null) that the
   * database's time-bound rules read ({@link RequestClock}).
   */
  protected <T> T asIdentity(
      UUID userId, UUID sessionId, Instant requestTime, Function<JdbcClient, T> work) {
    return new TransactionTemplate(applicationTransactions)
        .execute(
            status -> {
              identity.assume(userId);
              if (sessionId != null) {
                applicationDatabase
                    .sql("select set_config('pawkeep.session_id', ?, true)")
                    .param(sessionId.toString())
                    .query(String.class)
                    .single();
              }
              if (requestTime != null) {
                RequestClock.set(applicationDatabase, requestTime);
              }
              return work.apply(applicationDatabase);
            });
  }

  /**
   * Runs {@code work} as the application role in one transaction that carries the user's identity,
   * set by {@code pawkeep_begin_request} exactly as a request with this access token sets it (which
   * refuses a deactivated account or an ended session).
   */
  protected <T> T asRequest(User user, Function<JdbcClient, T> work) {
    return afterIdentityCheck(user, true, work);
  }

  /**
   * Runs {@code work} as the application role in one transaction after {@code
   * pawkeep_begin_request} refused the user's identity (an ended session, a deactivated account),
   * as a request with this access token would be refused.
   */
  protected <T> T afterRefusedIdentity(User user, Function<JdbcClient, T> work) {
    return afterIdentityCheck(user, false, work);
  }

  private <T> T afterIdentityCheck(User user, boolean expected, Function<JdbcClient, T> work) {
    return new TransactionTemplate(applicationTransactions)
        .execute(
            status -> {
              Boolean accepted =
                  applicationDatabase
                      .sql("select pawkeep_begin_request(?, ?, ?, ?)")
                      .params(
                          claim(user, "sub"),
                          claim(user, "sid"),
                          Timestamp.from(Instant.ofEpochSecond(claims(user).path("iat").asLong())),
                          Timestamp.from(clock.instant()))
                      .query(Boolean.class)
                      .single();
              assertThat(accepted).as("the identity check's answer").isEqualTo(expected);
              return work.apply(applicationDatabase);
            });
  }

  /** A claim ({@code sub}, {@code sid}) of the user's access token. */
  protected static UUID claim(User user, String name) {
    return UUID.fromString(claims(user).path(name).asString());
  }

  /** The claims of the user's access token. */
  protected static JsonNode claims(User user) {
    String payload = user.accessToken().split("\\.")[1];
    return JsonMapper.builder()
        .build()
        .readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
