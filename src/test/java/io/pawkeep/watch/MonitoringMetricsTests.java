package io.pawkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * LOG-3: sign-ins (success, failure, lockout), reveals, exports and rate-limit refusals are counted
 * at the Prometheus endpoint, tagged only with fixed words: no email, address or id.
 */
class MonitoringMetricsTests extends ApiTestSupport {

  private static final String SIGN_INS = "pawkeep_sign_ins_total";
  private static final String ADDRESS = "192.0.2.77";

  @Test
  void signInsAreCountedBySuccessFailureAndLockoutAndRefusalsByLimitWithNothingPersonal() {
    User user = signedInUser("counted");
    double success = Prometheus.value(api, SIGN_INS, "outcome=\"success\"");
    double failure = Prometheus.value(api, SIGN_INS, "outcome=\"failure\"");
    double lockout = Prometheus.value(api, SIGN_INS, "outcome=\"lockout\"");
    double refusals =
        Prometheus.value(api, "pawkeep_rate_limit_refusals_total", "limit=\"login-account\"");

    assertThat(loginFrom(user.email(), user.password()).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(7)); // the per-account bucket is full again
    // Ten wrong passwords lock the account for this address; the per-account limit (10 a
    // minute, the clock standing still) refuses the eleventh before it is even checked.
    for (int i = 0; i < 10; i++) {
      assertThat(loginFrom(user.email(), "wrong-guess-" + i).status()).isEqualTo(401);
    }
    assertThat(loginFrom(user.email(), "wrong-guess-again").status()).isEqualTo(429);

    String scrape = Prometheus.scrape(api);
    assertThat(Prometheus.value(scrape, SIGN_INS, "outcome=\"success\"")).isEqualTo(success + 1);
    assertThat(Prometheus.value(scrape, SIGN_INS, "outcome=\"failure\"")).isEqualTo(failure + 10);
    assertThat(Prometheus.value(scrape, SIGN_INS, "outcome=\"lockout\"")).isEqualTo(lockout + 1);
    assertThat(
            Prometheus.value(
                scrape, "pawkeep_rate_limit_refusals_total", "limit=\"login-account\""))
        .isEqualTo(refusals + 1);
    assertThat(scrape).doesNotContain(user.email()).doesNotContain(ADDRESS);
    assertThat(scrape).doesNotContain(userId(user));
  }

  @Test
  void revealsAndExportsAreCounted() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Counted home");
    // Distinctive, so finding it in the scrape means it leaked (a short number can be any figure).
    String alarm = "alarm-" + UUID.randomUUID();
    ApiClient.Response put =
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/access-secrets",
            Map.of("alarmCode", alarm),
            owner.accessToken(),
            Map.of());
    assertThat(put.status()).as(put.raw()).isEqualTo(204);
    double reveals = Prometheus.value(api, "pawkeep_secret_reveals_total", null);
    double exports = Prometheus.value(api, "pawkeep_exports_total", "kind=\"household\"");

    ApiClient.Response reveal =
        api.post(
            "/api/v1/households/" + household + "/access-secrets/reveal",
            Map.of("reason", "feeding visit"),
            owner.accessToken());
    assertThat(reveal.status()).as(reveal.raw()).isEqualTo(200);
    ApiClient.Response export =
        api.get("/api/v1/households/" + household + "/export", owner.accessToken());
    assertThat(export.status()).as(export.raw()).isEqualTo(200);

    String scrape = Prometheus.scrape(api);
    assertThat(Prometheus.value(scrape, "pawkeep_secret_reveals_total", null))
        .isEqualTo(reveals + 1);
    assertThat(Prometheus.value(scrape, "pawkeep_exports_total", "kind=\"household\""))
        .isEqualTo(exports + 1);
    assertThat(scrape).doesNotContain(household).doesNotContain(alarm);
  }

  @Test
  void requestsAreTimedByRouteTemplateWithoutTheirIds() {
    User owner = signedInUser("timed");
    String household = createHousehold(owner, "Timed home");
    String series = "uri=\"/api/v1/households/{id}/pets\"";
    double before = Prometheus.value(api, "http_server_requests_seconds_count", series);

    ApiClient.Response pets =
        api.get("/api/v1/households/" + household + "/pets", owner.accessToken());
    assertThat(pets.status()).as(pets.raw()).isEqualTo(200);

    String scrape = Prometheus.scrape(api);
    assertThat(
            scrape
                .lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .filter(l -> l.contains(series))
                .filter(l -> l.contains("method=\"GET\"") && l.contains("status=\"200\"")))
        .as(scrape)
        .isNotEmpty();
    assertThat(Prometheus.value(scrape, "http_server_requests_seconds_count", series))
        .isEqualTo(before + 1);
    assertThat(Prometheus.value(scrape, "http_server_requests_seconds_sum", series)).isPositive();
    assertThat(scrape).doesNotContain(household);
  }

  private ApiClient.Response loginFrom(String email, String password) {
    return api.send(
        "POST",
        "/api/v1/auth/login",
        Map.of("email", email, "password", password),
        null,
        Map.of("X-Forwarded-For", ADDRESS));
  }
}
