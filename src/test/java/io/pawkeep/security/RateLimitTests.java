package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.PawkeepApplication;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.MutableClock;
import io.pawkeep.testing.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Limits hold across nodes: a second application instance on the same database, or a second {@link
 * RateLimiter} on it standing for another node's.
 */
class RateLimitTests extends ApiTestSupport {

  /** Large enough to be leased: leases of 10 (1%), each at most 36 s old (10 tokens' refill). */
  private static final RateLimit LEASED = new RateLimit(1005, Duration.ofHours(1));

  @Autowired RateLimiter limiter;
  @Autowired HikariDataSource applicationPool;
  @Autowired SecurityMetrics metrics;
  @Autowired JdbcClient jdbc;
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

  @Test
  void aNodeLeasesTenTokensInOneStatementAndSpendsThemItself() {
    String subject = "lease-" + UUID.randomUUID();
    Map<String, RateLimit> limit = Map.of("test-lease", LEASED);
    assertThat(RateLimiter.leaseSize(LEASED)).isEqualTo(10);
    limiter.takeAll(subject, limit);
    assertThat(bucket("test-lease", subject)).isEqualTo(995.0);
    assertThat(limiter.unspent(subject, limit)).isEqualTo(9);
    for (int i = 0; i < 9; i++) {
      limiter.takeAll(subject, limit);
    }
    // Ten requests, one statement: the shared bucket did not move after the first.
    assertThat(bucket("test-lease", subject)).isEqualTo(995.0);
    assertThat(limiter.unspent(subject, limit)).isZero();
    limiter.takeAll(subject, limit);
    assertThat(bucket("test-lease", subject)).isEqualTo(985.0);
  }

  @Test
  void twoNodesLeasingFromOneBucketAdmitExactlyWhatItHoldsNeverMore() throws Exception {
    String subject = "two-nodes-" + UUID.randomUUID();
    Map<String, RateLimit> limit = Map.of("test-lease", LEASED);
    RateLimiter otherNode = new RateLimiter(applicationPool, clock, metrics);
    AtomicInteger admitted = new AtomicInteger();
    try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        RateLimiter node = t % 2 == 0 ? limiter : otherNode;
        callers.submit(
            () -> {
              // Each caller goes on until its node refuses; the clock stands still (no refill).
              while (true) {
                try {
                  node.takeAll(subject, limit);
                  admitted.incrementAndGet();
                } catch (RateLimitedException e) {
                  return;
                }
              }
            });
      }
    } finally {
      otherNode.close();
    }
    // 1,005 tokens: 100 leases of 10 and a last one of 5, spent on whichever node took them.
    assertThat(admitted.get()).isEqualTo(1005);
    assertThat(bucket("test-lease", subject)).isLessThan(1.0);
    assertThatThrownBy(() -> limiter.takeAll(subject, limit))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aNodeRefusesWhileAnotherHoldsUnspentTokensAtMostALeaseMinusOne() {
    String subject = "under-" + UUID.randomUUID();
    Map<String, RateLimit> limit = Map.of("test-lease", LEASED);
    RateLimiter otherNode = new RateLimiter(applicationPool, clock, metrics);
    try {
      limiter.takeAll(subject, limit); // this node now holds 9
      int admittedThere = 0;
      while (true) {
        try {
          otherNode.takeAll(subject, limit);
          admittedThere++;
        } catch (RateLimitedException e) {
          break;
        }
      }
      assertThat(admittedThere).isEqualTo(1005 - 10);
      // Refused there while 9 tokens wait here: the under-admission, one lease minus one per node.
      assertThat(limiter.unspent(subject, limit)).isEqualTo(RateLimiter.leaseSize(LEASED) - 1);
      for (int i = 0; i < 9; i++) {
        limiter.takeAll(subject, limit);
      }
      assertThatThrownBy(() -> limiter.takeAll(subject, limit))
          .isInstanceOf(RateLimitedException.class);
    } finally {
      otherNode.close();
    }
  }

  @Test
  void aLeaseLastsNoLongerThanTheBucketTakesToRefillIt() {
    String subject = "expiry-" + UUID.randomUUID();
    Map<String, RateLimit> limit = Map.of("test-lease", LEASED);
    limiter.takeAll(subject, limit);
    assertThat(limiter.unspent(subject, limit)).isEqualTo(9);
    // 10 tokens of 1,005 an hour refill in 35.8 s: after that the 9 left are dropped, not spent.
    clock.advance(Duration.ofSeconds(36));
    assertThat(limiter.unspent(subject, limit)).isZero();
    limiter.takeAll(subject, limit);
    // The bucket was refilled to its capacity meanwhile (995 + 10) and gave a new lease.
    assertThat(bucket("test-lease", subject)).isEqualTo(995.0);
    assertThat(limiter.unspent(subject, limit)).isEqualTo(9);
  }

  @Test
  void aLeasedRefusalTakesNothingAndWaitingEndsIt() {
    String subject = "refused-" + UUID.randomUUID();
    Map<String, RateLimit> limit = Map.of("test-lease", LEASED);
    for (int i = 0; i < 1005; i++) {
      limiter.takeAll(subject, limit);
    }
    assertThatThrownBy(() -> limiter.takeAll(subject, limit))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.headers().getFirst("Retry-After")).isEqualTo("4"));
    double left = bucket("test-lease", subject);
    assertThatThrownBy(() -> limiter.takeAll(subject, limit))
        .isInstanceOf(RateLimitedException.class);
    assertThat(bucket("test-lease", subject)).isEqualTo(left);
    clock.advance(Duration.ofSeconds(4));
    limiter.takeAll(subject, limit);
  }

  @Test
  void interactiveCallsTakeTheirTokensFromALeaseNotAStatementEach() {
    User user = signedInUser("leasing");
    // The test profile allows 100,000 calls a minute per user: leases of 50.
    String id = api.get("/api/v1/me", user.accessToken()).text("id");
    for (int i = 0; i < 5; i++) {
      assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(200);
    }
    // Six calls, one statement: the shared bucket gave one lease and was not asked again.
    assertThat(bucket("api-user", "api-user:" + id)).isEqualTo(100_000.0 - 50);
  }

  /** The tokens the shared bucket holds, as the database has them. */
  private double bucket(String name, String subject) {
    return jdbc.sql("select tokens from rate_limit_buckets where bucket_key = :key")
        .param("key", name + ":" + RateLimiter.digest(subject))
        .query(Double.class)
        .single();
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
