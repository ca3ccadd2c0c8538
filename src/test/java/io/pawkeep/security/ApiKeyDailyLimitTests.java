package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * HARD-5: a request made with an API key takes from the key's daily bucket as well as its hourly
 * one, in the request path. The daily limit is lowered to three so that real requests exhaust it
 * while the hourly bucket (50 an hour by default) still has tokens.
 */
@TestPropertySource(
    properties = {
      "pawkeep.rate-limits.api-key-per-day.capacity=3",
      "pawkeep.rate-limits.api-key-per-day.period=1d"
    })
// This configuration serves no other class: free its server and pools once done.
@DirtiesContext
class ApiKeyDailyLimitTests extends ApiTestSupport {

  @Test
  void aKeysRequestsTakeFromItsDailyBucketWhichHoldsAfterTheHourlyOneRefills() {
    User boss = withSecondFactor("daily");
    String business = createBusiness(boss, "care_company", "Daily Quota");
    ApiClient.Response created =
        api.post(
            "/api/v1/businesses/" + business + "/api-keys",
            Map.of("name", "Nightly export", "permissions", List.of("clients.read")),
            boss.accessToken());
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String clients = "/api/v1/businesses/" + business + "/clients";
    Map<String, String> key = Map.of("Authorization", "ApiKey " + created.text("secret"));

    for (int i = 0; i < 3; i++) {
      assertThat(api.send("GET", clients, null, null, key).status()).as("call " + i).isEqualTo(200);
    }
    ApiClient.Response limited = api.send("GET", clients, null, null, key);
    assertThat(limited.status()).as(limited.raw()).isEqualTo(429);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    // A day's three tokens come back one every eight hours; the hourly bucket would answer
    // within 72 seconds.
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(28_000L, 28_800L);

    // An hour later the hourly bucket is full again, the daily one is not.
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertThat(api.send("GET", clients, null, null, key).status()).isEqualTo(429);
    // Eight hours after the third call, one token of the day is back, and only one.
    clock.advance(Duration.ofHours(7));
    assertThat(api.send("GET", clients, null, null, key).status()).isEqualTo(200);
    assertThat(api.send("GET", clients, null, null, key).status()).isEqualTo(429);
  }
}
