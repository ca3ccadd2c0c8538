package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpHardeningTests extends ApiTestSupport {

  @Test
  void securityHeadersArePresentOnEveryAnswer() {
    for (ApiClient.Response r :
        new ApiClient.Response[] {api.get("/api/v1/me", null), api.get("/actuator/health", null)}) {
      assertThat(r.header("Content-Security-Policy"))
          .contains("object-src 'none'")
          .contains("base-uri 'none'")
          .contains("frame-ancestors 'none'");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(r.header("Permissions-Policy")).contains("camera=()");
    }
  }

  @Test
  void pagesBehindMailedLinksAreServedUnderTheContentSecurityPolicy() {
    for (String page : new String[] {"/verify-email.html", "/reset-password.html"}) {
      ApiClient.Response r = api.get(page + "?token=abc", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw()).contains("/account-links.js").doesNotContain("<script>");
      assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
  }

  @Test
  void strictTransportSecurityIsSentOnlyOverTls() {
    assertThat(api.get("/actuator/health", null).header("Strict-Transport-Security")).isNull();
    ApiClient.Response viaTlsProxy =
        api.send("GET", "/actuator/health", null, null, Map.of("X-Forwarded-Proto", "https"));
    assertThat(viaTlsProxy.header("Strict-Transport-Security"))
        .isEqualTo("max-age=31536000 ; includeSubDomains");
  }

  @Test
  void disallowedOriginGetsNoCorsHeaderAndAllowedOriginDoes() {
    ApiClient.Response evil =
        api.send(
            "OPTIONS",
            "/api/v1/auth/login",
            null,
            null,
            Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));
    assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
    ApiClient.Response good =
        api.send(
            "OPTIONS",
            "/api/v1/auth/login",
            null,
            null,
            Map.of("Origin", "https://app.pawkeep.test", "Access-Control-Request-Method", "POST"));
    assertThat(good.header("Access-Control-Allow-Origin")).isEqualTo("https://app.pawkeep.test");
  }

  @Test
  void oversizedBodyGets413ProblemDetails() {
    String huge = "{\"email\":\"" + "a".repeat(200_000) + "\"}";
    ApiClient.Response r = api.post("/api/v1/auth/password-reset", huge);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void malformedJsonGets400ProblemDetailsWithoutInternals() {
    ApiClient.Response r = api.post("/api/v1/auth/login", "{\"email\": [}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.raw()).doesNotContain("Exception").doesNotContain("jackson");
  }

  @Test
  void unknownPathAndWrongMethodAnswerProblemDetails() {
    // Outside /api a stranger is sent to sign in and a person gets the 404 page (PageShellTests).
    ApiClient.Response missing =
        api.get("/api/v1/no-such-thing", signedInUser("missing").accessToken());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    // Only POST is open under /api/v1/auth/: any other method needs a signed-in user, so an
    // anonymous caller cannot learn which methods a route has.
    ApiClient.Response anonymous = api.get("/api/v1/auth/login", null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
    // A signed-in user is told the method is wrong.
    ApiClient.Response method = api.get("/api/v1/auth/login", signedInUser("method").accessToken());
    assertThat(method.status()).as(method.raw()).isEqualTo(405);
    assertThat(method.header("Allow")).isEqualTo("POST");
    assertThat(method.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void onlyHealthInfoAndPrometheusActuatorEndpointsAreExposed() {
    assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(200);
    assertThat(api.get("/actuator/env", null).status()).isEqualTo(404);
    assertThat(api.get("/actuator/beans", null).status()).isEqualTo(404);
    assertThat(api.get("/v3/api-docs", null).raw()).contains("/api/v1/auth/login");
  }
}
