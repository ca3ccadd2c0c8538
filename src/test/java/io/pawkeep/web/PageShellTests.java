package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The browser app's shell: what a stranger sees, the content security policy and the other headers
 * of HARD-2, the error pages, escaping of what people typed, and the CSP report endpoint.
 */
class PageShellTests extends ApiTestSupport {

  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Autowired MeterRegistry meters;

  @Test
  void aStrangerOnTheRootSeesTheSignInPageWithItsCsrfToken() {
    PageClient.Page r = new PageClient(port).get("/");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains("<h1>Sign in</h1>")
        .contains("name=\"_csrf\"")
        .contains("<main id=\"main\"")
        .contains("href=\"#main\"");
    assertThat(r.csrfToken()).isPresent();
    assertThat(r.setCookie("__Host-pawkeep-csrf").orElseThrow())
        .contains("HttpOnly")
        .contains("Secure")
        .contains("SameSite=Lax")
        .contains("Path=/");
  }

  @Test
  void pagesCarryANonceBasedPolicyWithoutUnsafeInlineAndTheOtherSecurityHeaders() {
    PageClient.Page r = new PageClient(port).get("/sign-in");
    String policy = r.header("Content-Security-Policy");
    Matcher nonce = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'").matcher(policy);
    assertThat(nonce.find()).as(policy).isTrue();
    assertThat(policy)
        .contains("default-src 'self'")
        .contains("script-src 'self' 'nonce-")
        .contains("style-src 'self';")
        .contains("object-src 'none'")
        .contains("base-uri 'none'")
        .contains("frame-ancestors 'none'")
        .contains("form-action 'self'")
        .contains("report-uri /csp-reports")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
    assertThat(r.body())
        .contains("nonce=\"" + nonce.group(1) + "\"")
        .doesNotContain("style=")
        .doesNotContain("<style")
        .doesNotContain(" onclick=");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.header("Permissions-Policy")).contains("camera=()");
    assertThat(r.header("Cache-Control")).contains("no-store");
    // Each request its own nonce.
    assertThat(new PageClient(port).get("/sign-in").header("Content-Security-Policy"))
        .isNotEqualTo(policy);
    // The API's policy allows nothing inline either.
    assertThat(api.get("/api/v1/me", null).header("Content-Security-Policy"))
        .doesNotContain("unsafe-inline");
  }

  @Test
  void htmxIsServedByTheApplicationWithHistoryCachingOff() {
    PageClient browser = new PageClient(port);
    PageClient.Page page = browser.get("/sign-in");
    assertThat(page.body()).contains("\"historyCacheSize\":0");
    Matcher script =
        Pattern.compile("src=\"(/webjars/htmx.org/2\\.[0-9.]+/dist/htmx.min.js)\"")
            .matcher(page.body());
    assertThat(script.find()).as(page.body()).isTrue();
    PageClient.Page htmx = browser.get(script.group(1));
    assertThat(htmx.status()).isEqualTo(200);
    assertThat(htmx.body()).contains("htmx");
    assertThat(browser.get("/js/app.js").body()).contains("htmx:configRequest");
    assertThat(browser.get("/css/app.css").status()).isEqualTo(200);
  }

  @Test
  void anUnknownPageIsTheGeneric404AndAStrangerIsSentToSignIn() {
    PageClient stranger = new PageClient(port);
    PageClient.Page refused = stranger.get("/households/" + java.util.UUID.randomUUID());
    assertThat(refused.status()).isEqualTo(302);
    assertThat(refused.location()).endsWith("/sign-in");

    User walker = signedInUser("walker");
    PageClient browser = signIn(walker);
    PageClient.Page missing = browser.get("/no-such-page");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body())
        .contains("Page not found")
        .contains("nothing you can see")
        .doesNotContain("Whitelabel")
        .doesNotContain("Exception")
        .doesNotContain("no-such-page");
    // The API keeps its problem details.
    ApiClient.Response api404 = api.get("/api/v1/no-such-thing", walker.accessToken());
    assertThat(api404.header("Content-Type")).contains("application/problem+json");
  }

  @Test
  void aHouseholdNamedLikeMarkupIsShownAsTextOnTheHomePage() {
    User owner = signedInUser("owner");
    createHousehold(owner, XSS);
    PageClient browser = signIn(owner);
    PageClient.Page home = browser.get("/");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.body())
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain(XSS)
        .contains("Alex Walker")
        .contains("Sign out");
    assertThat(home.header("Cache-Control")).contains("no-store");
  }

  @Test
  void cspReportsAreCountedWithoutACsrfTokenAndOversizedOnesAreNotRead() {
    double before = count("script-src-elem");
    ApiClient.Response r =
        api.send(
            "POST",
            "/csp-reports",
            Map.of(
                "csp-report",
                Map.of(
                    "document-uri", "http://localhost/households?token=secret",
                    "effective-directive", "script-src-elem",
                    "blocked-uri", "inline")),
            null,
            Map.of());
    assertThat(r.status()).isEqualTo(204);
    assertThat(count("script-src-elem")).isEqualTo(before + 1);

    double oversized = count("oversized");
    ApiClient.Response big =
        api.send("POST", "/csp-reports", Map.of("x", "y".repeat(10_000)), null, Map.of());
    assertThat(big.status()).isEqualTo(204);
    assertThat(count("oversized")).isEqualTo(oversized + 1);
  }

  private double count(String directive) {
    var counter = meters.find("pawkeep.csp.violations").tag("directive", directive).counter();
    return counter == null ? 0 : counter.count();
  }

  private PageClient signIn(User user) {
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return browser;
  }
}
