package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.PawkeepApplication;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.MutableClock;
import io.pawkeep.testing.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Limits hold across nodes: a second application instance on the same database. */
class RateLimitTests extends ApiTestSupport {

  @Autowired RateLimiter limiter;
  private ConfigurableApplicationContext secondNode;

  @AfterEach
  void stopSecondNode() {
    if (secondNode != null) {
      secondNode.close();
    }
    // Refill the shared per-address buckets this test emptied, for the tests that follow.
    clock.advance(java.time.Duration.ofMinutes(2));
  }

  @Test
  void loginLimitPerAccountIsSharedByTwoNodesAndAnswers429WithRetryAfter() {
    User user = signedInUser("limited"); // made without a sign-in: all 10 logins are left
    ApiClient nodeB = startSecondNode();
    for (int i = 0; i < 10; i++) {
      ApiClient node = i % 2 == 0 ? api : nodeB;
      assertThat(login(node, user.email()).status()).isEqualTo(200);
    }
    ApiClient.Response limited = login(nodeB, user.email());
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    assertThat(login(api, user.email()).status()).isEqualTo(429);
  }

  @Test
  void registrationLimitPerAddressAnswers429() {
    ApiClient nodeB = startSecondNode();
    int accepted = 0;
    ApiClient.Response last = null;
    for (int i = 0; i < 4; i++) {
      last =
          nodeB.post(
              "/api/v1/auth/register",
              Map.of(
                  "email",
                  uniqueEmail("burst"),
                  "password",
                  PASSWORD,
                  "displayName",
                  "Burst Test"));
      if (last.status() == 202) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(3);
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.header("Retry-After")).isNotNull();
  }

  @Test
  void apiKeyLimitOfFiftyAnHourIsSharedByTwoNodesAndAnswers429WithRetryAfter() {
    User boss = signedInUser("keys");
    String secret = enrolTotp(boss);
    String token = loginWithTotp(boss.email(), boss.password(), secret).text("access_token");
    String business =
        api.post("/api/v1/businesses", Map.of("kind", "clinic", "name", "Quota"), token).text("id");
    String key =
        api.post(
                "/api/v1/businesses/" + business + "/api-keys",
                Map.of("name", "Sync", "permissions", List.of("clients.read")),
                token)
            .text("secret");
    ApiClient nodeB = startSecondNode();
    String clients = "/api/v1/businesses/" + business + "/clients";
    Map<String, String> header = Map.of("Authorization", "ApiKey " + key);
    for (int i = 0; i < 50; i++) {
      ApiClient node = i % 2 == 0 ? api : nodeB;
      assertThat(node.send("GET", clients, null, null, header).status())
          .as("call " + i)
          .isEqualTo(200);
    }
    ApiClient.Response limited = nodeB.send("GET", clients, null, null, header);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 72L);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    assertThat(api.send("GET", clients, null, null, header).status()).isEqualTo(429);
    // The user who made the key is not limited by it.
    assertThat(api.get(clients, token).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(72));
    secondNode.getBean(MutableClock.class).set(clock.instant());
    assertThat(nodeB.send("GET", clients, null, null, header).status()).isEqualTo(200);
  }

  @Test
  void aDailyLimitHoldsBeyondTheHourlyOneAndARefusalTakesFromNoBucket() {
    String subject = "daily-" + java.util.UUID.randomUUID();
    RateLimit hourly = new RateLimit(5, Duration.ofHours(1));
    RateLimit daily = new RateLimit(2, Duration.ofDays(1));
    Map<String, RateLimit> both = Map.of("test-hour", hourly, "test-day", daily);
    limiter.takeAll(subject, both);
    limiter.takeAll(subject, both);
    assertThatThrownBy(() -> limiter.takeAll(subject, both))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e ->
                assertThat(Long.parseLong(e.headers().getFirst("Retry-After")))
                    .isBetween(43_000L, 43_200L));
    // The refused call took nothing from the hourly bucket: three of its five are left.
    for (int i = 0; i < 3; i++) {
      limiter.takeAll(subject, Map.of("test-hour", hourly));
    }
    assertThatThrownBy(() -> limiter.takeAll(subject, Map.of("test-hour", hourly)))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void interactiveCallsAreLimitedPerUser() {
    User user = signedInUser("busy");
    ApiClient nodeB = startSecondNode();
    for (int i = 0; i < 3; i++) {
      assertThat(nodeB.get("/api/v1/me", user.accessToken()).status()).isEqualTo(200);
    }
    ApiClient.Response limited = nodeB.get("/api/v1/me", user.accessToken());
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 1200L);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    // Another user is not affected.
    assertThat(nodeB.get("/api/v1/me", signedInUser("calm").accessToken()).status()).isEqualTo(200);
  }

  private ApiClient startSecondNode() {
    secondNode =
        new SpringApplicationBuilder(PawkeepApplication.class, TestClockConfiguration.class)
            .profiles("test")
            .run(
                "--server.port=0",
                "--pawkeep.rate-limits.registration-per-address.capacity=3",
                "--pawkeep.rate-limits.registration-per-address.period=1h",
                "--pawkeep.rate-limits.api-per-user.capacity=3",
                "--pawkeep.rate-limits.api-per-user.period=1h");
    // Both nodes read the same time, as servers synchronised by NTP would.
    secondNode.getBean(MutableClock.class).set(clock.instant());
    int port = ((WebServerApplicationContext) secondNode).getWebServer().getPort();
    return new ApiClient(port);
  }

  private static ApiClient.Response login(ApiClient node, String email) {
    return node.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD));
  }
}
