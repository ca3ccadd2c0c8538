package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the API tests: one application on a random port over the shared embedded database, a
 * movable clock, and helpers that sign people up the way a client would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfiguration.class)
public abstract class ApiTestSupport {

  public static final String PASSWORD = "tawny-otter-chases-seven-kites";

  public record User(String email, String password, String accessToken, String refreshToken) {}

  @LocalServerPort protected int port;
  @Autowired protected MutableClock clock;
  protected ApiClient api;
  @Autowired private JdbcClient applicationDatabase;
  @Autowired private PlatformTransactionManager applicationTransactions;

  @BeforeEach
  void createClient() {
    api = new ApiClient(port);
  }

  protected static String uniqueEmail(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  /** Registers and verifies an account through the mailed link. */
  protected String registerVerified(String email, String password) {
    // Fixed addresses (the admin) may have mail left from an earlier run in target/test-data.
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

  /**
   * Runs {@code work} as the application role in one transaction carrying the identity (and
   * session, when not null) set the way a request sets them.
   */
  protected <T> T asIdentity(UUID userId, UUID sessionId, Function<JdbcClient, T> work) {
    return new TransactionTemplate(applicationTransactions)
        .execute(
            status -> {
              applicationDatabase
                  .sql(
                      "select set_config('pawkeep.user_id', ?, true),"
                          + " set_config('pawkeep.session_id', ?, true)")
                  .params(userId.toString(), sessionId == null ? "" : sessionId.toString())
                  .query((rs, n) -> 1)
                  .single();
              return work.apply(applicationDatabase);
            });
  }

  /** A claim ({@code sub}, {@code sid}) of the user's access token. */
  protected static UUID claim(User user, String name) {
    String payload = user.accessToken().split("\\.")[1];
    var claims =
        JsonMapper.builder()
            .build()
            .readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    return UUID.fromString(claims.path(name).asString());
  }
}
