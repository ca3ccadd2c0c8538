package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How pages travel: compressed for browsers that accept it (every page under 100 KB, with {@code
 * web/PageWeightBrowserTests}), the versioned htmx file cached for a year while pages are never
 * stored, and a CSRF token masked differently in every answer, so compression cannot leak it
 * (BREACH).
 */
class PageTransferTests extends ApiTestSupport {

  private static final Map<String, String> GZIP = Map.of("Accept-Encoding", "gzip");
  private static final Pattern HTMX =
      Pattern.compile("src=\"(/webjars/htmx.org/[0-9][^/\"]*/dist/htmx.min.js)\"");

  @Test
  void pagesStylesAndScriptsAreSentGzippedToBrowsersThatAcceptIt() {
    PageClient browser = signIn(signedInUser("owner"));
    PageClient.Page home = browser.get("/");
    assertThat(home.status()).isEqualTo(200);
    String htmx = htmxPath(home);

    for (String path : new String[] {"/", "/sign-in", "/css/app.css", htmx}) {
      PageClient.Page r = browser.get(path, GZIP);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.header("Content-Encoding")).as(path).isEqualTo("gzip");
      assertThat(r.header("Vary")).as(path).containsIgnoringCase("Accept-Encoding");
    }
    // Without Accept-Encoding, plain text as before.
    assertThat(browser.get("/").header("Content-Encoding")).isNull();
    assertThat(new PageClient(port).get("/sign-in", GZIP).header("Content-Encoding"))
        .isEqualTo("gzip");
  }

  @Test
  void theVersionedHtmxFileIsCachedForAYearAsImmutableWhilePagesAreNeverStored() {
    PageClient stranger = new PageClient(port);
    PageClient.Page signIn = stranger.get("/sign-in");
    assertThat(signIn.header("Cache-Control")).contains("no-store");

    PageClient.Page htmx = stranger.get(htmxPath(signIn));
    assertThat(htmx.status()).isEqualTo(200);
    assertThat(htmx.header("Cache-Control"))
        .contains("max-age=31536000")
        .contains("immutable")
        .doesNotContain("no-store")
        .doesNotContain("no-cache");

    PageClient browser = signIn(signedInUser("walker"));
    assertThat(browser.get("/").header("Cache-Control")).contains("no-store");
  }

  /**
   * BREACH needs a secret repeated unchanged in compressed answers; the XOR-masked token handler of
   * the web chain gives each answer a fresh mask, so the page's token differs every time while the
   * cookie's raw token, which is never in a body, stays the same.
   */
  @Test
  void eachPageCarriesTheCsrfTokenUnderAFreshMaskSoCompressionCannotRevealIt() {
    PageClient browser = signIn(signedInUser("owner"));
    PageClient.Page first = browser.get("/", GZIP);
    // Sign-in replaced the token; the first page after it set the new one.
    String cookie = browser.cookie("__Host-pawkeep-csrf").orElseThrow();
    PageClient.Page plainFirst = browser.get("/");
    PageClient.Page plainSecond = browser.get("/");
    assertThat(first.header("Content-Encoding")).isEqualTo("gzip");
    String a = plainFirst.csrfToken().orElseThrow();
    String b = plainSecond.csrfToken().orElseThrow();
    assertThat(a).isNotEqualTo(b).doesNotContain(cookie);
    assertThat(b).doesNotContain(cookie);
    assertThat(browser.cookie("__Host-pawkeep-csrf")).contains(cookie);
    // An earlier mask of the same token is still accepted.
    PageClient.Page signOut = browser.postExactly("/sign-out", Map.of("_csrf", a));
    assertThat(signOut.status()).isEqualTo(302);
  }

  private static String htmxPath(PageClient.Page page) {
    Matcher script = HTMX.matcher(page.body());
    assertThat(script.find()).as(page.body()).isTrue();
    return script.group(1);
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
