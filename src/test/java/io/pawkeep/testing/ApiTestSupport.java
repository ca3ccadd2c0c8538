package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

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
}
