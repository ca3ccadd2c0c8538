package io.pawkeep.testing;

import static io.pawkeep.testing.TestPages.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Value;

/**
 * The browser harness itself: it catches a CSP violation and an unlabelled field, passes good
 * pages, and keeps or drops cookies as a real browser does, so page tests can rely on it.
 */
class BrowserHarnessBrowserTests extends BrowserTestSupport {

  @Value("${pawkeep.data-dir}")
  private String dataDir;

  private static final Map.Entry<String, String> STRICT_CSP =
      Map.entry("Content-Security-Policy", "default-src 'self'; script-src 'self'");

  private static TestPages pages;

  @BeforeAll
  static void servePages() {
    pages =
        new TestPages(
            Map.of(
                "/inline-script",
                TestPages.Page.html(
                    document(
                        "Inline script",
                        "<p id=\"ran\">no</p>"
                            + "<script>document.getElementById('ran').textContent = 'yes'</script>"
                            + "<p><a href=\"/external-script\">Next</a></p>"),
                    List.of(STRICT_CSP)),
                "/external-script",
                TestPages.Page.html(
                    document(
                        "External script", "<p id=\"ran\">no</p><script src=\"/ran.js\"></script>"),
                    List.of(STRICT_CSP)),
                "/ran.js",
                new TestPages.Page(
                    "text/javascript",
                    List.of(STRICT_CSP),
                    "document.getElementById('ran').textContent = 'yes';"),
                "/swap",
                TestPages.Page.html(
                    document(
                        "Swap",
                        "<div id=\"target\"><p>Before</p></div><button id=\"swap\">Swap</button>"
                            + "<button id=\"swap-bad\">Swap badly</button>"
                            + "<script src=\"/swap.js\"></script>"),
                    List.of(STRICT_CSP)),
                "/swap.js",
                // Swaps as htmx does: new content after a moment, then htmx:afterSettle.
                new TestPages.Page(
                    "text/javascript",
                    List.of(STRICT_CSP),
                    """
                    function swap(html) {
                      setTimeout(() => {
                        const target = document.getElementById('target');
                        target.innerHTML = html;
                        target.dispatchEvent(new CustomEvent('htmx:afterSettle', { bubbles: true }));
                      }, 200);
                    }
                    document.getElementById('swap').addEventListener('click',
                        () => swap('<p>After</p>'));
                    document.getElementById('swap-bad').addEventListener('click',
                        () => swap('<input name="unlabelled">'));
                    """),
                "/unlabelled",
                TestPages.Page.html(
                    document("Search", "<form><input name=\"q\"><button>Search</button></form>"),
                    List.of()),
                "/labelled",
                TestPages.Page.html(
                    document(
                        "Search",
                        "<form><label for=\"q\">Words</label><input id=\"q\" name=\"q\">"
                            + "<button>Search</button></form>"),
                    List.of()),
                "/set-cookies",
                TestPages.Page.html(
                    document("Cookies set", "<p>Set.</p>"),
                    List.of(
                        Map.entry(
                            "Set-Cookie",
                            "__Host-kept=1; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax"),
                        Map.entry(
                            "Set-Cookie",
                            "__Host-session=1; Path=/; Secure; HttpOnly; SameSite=Lax"))),
                "/set-insecure-host-cookie",
                TestPages.Page.html(
                    document("Cookie set", "<p>Set.</p>"),
                    List.of(Map.entry("Set-Cookie", "__Host-unsecured=1; Path=/; HttpOnly")))));
  }

  @AfterAll
  static void stopPages() {
    pages.close();
  }

  @Test
  void theBrowserTestsHaveAnApplicationAndADataFolderOfTheirOwn() {
    // Another data folder is another application (its own database, mail and clock): the browser
    // tests run beside the other test classes.
    assertThat(Path.of(dataDir).normalize()).isEqualTo(TestFolders.browserData().normalize());
    assertThat(TestFolders.data()).isEqualTo(TestFolders.browserData());
    assertThat(TestFolders.browserData()).isNotEqualTo(TestFolders.scratch("test-data"));
  }

  @Test
  void anInlineScriptThatTheCspBlocksIsReportedAsAViolation() {
    browser.navigate(pages.url("/inline-script"));

    assertThat(browser.find("#ran").getText()).as("the CSP blocked the script").isEqualTo("no");
    List<String> violations = browser.takeCspViolations();
    // The listener the DevTools protocol injected ran despite script-src 'self', and the console
    // reported the same violation.
    assertThat(violations)
        .anySatisfy(v -> assertThat(v).startsWith("enforce: script-src-elem blocked inline"))
        .anySatisfy(v -> assertThat(v).startsWith("console: ").contains("Content Security Policy"));
  }

  @Test
  void aViolationInANewTabOrAfterARestartIsReportedToo() {
    browser.newTab();
    browser.navigate(pages.url("/inline-script"));
    assertThat(browser.takeCspViolations())
        .anySatisfy(v -> assertThat(v).startsWith("enforce: script-src-elem blocked inline"));

    browser.restartKeepingPersistentCookies().navigate(pages.url("/inline-script"));
    assertThat(browser.takeCspViolations())
        .anySatisfy(v -> assertThat(v).startsWith("enforce: script-src-elem blocked inline"));
  }

  @Test
  void aViolationIsStillReportedAfterAClickLeavesThePage() {
    browser.navigate(pages.url("/inline-script")).driver().manage().logs().get("browser");
    // Only the page's own record (kept in session storage) is left to tell of the violation.
    browser.click("Next").waitForText("yes");

    assertThat(browser.takeCspViolations())
        .anySatisfy(v -> assertThat(v).startsWith("enforce: script-src-elem blocked inline"));
  }

  @Test
  void assertNoCspViolationsFailsOnAViolation() {
    browser.navigate(pages.url("/inline-script"));

    assertThatThrownBy(browser::assertNoCspViolations)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Content-Security-Policy violations");
    browser.takeCspViolations();
  }

  @Test
  void aPageThatKeepsToItsCspPasses() {
    browser.open(pages.url("/external-script"));

    assertThat(browser.find("#ran").getText()).isEqualTo("yes");
    assertThat(browser.takeCspViolations()).isEmpty();
  }

  @Test
  void axeFindsAFieldWithoutALabel() {
    browser.navigate(pages.url("/unlabelled"));

    assertThat(browser.accessibilityViolations()).extracting("id").contains("label");
    assertThatThrownBy(browser::assertAccessible)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("WCAG 2.2 AA violations")
        .hasMessageContaining("label");
  }

  @Test
  void openFailsOnAnInaccessiblePageAndPassesALabelledOne() {
    assertThatThrownBy(() -> browser.open(pages.url("/unlabelled")))
        .isInstanceOf(AssertionError.class);

    browser.open(pages.url("/labelled")).fill("Words", "walk").fill("q", "walk twice");
    assertThat(browser.find("#q").getDomProperty("value")).isEqualTo("walk twice");
  }

  @Test
  void aStateThatFailedAxeFailsAgainAndAPassedPageChangedToFailIsCheckedAgain() {
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> browser.open(pages.url("/unlabelled")))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("label");
    }
    browser.open(pages.url("/labelled"));
    browser.open(pages.url("/labelled")); // the same state: passes without a second check
    browser
        .driver()
        .executeScript(
            "document.querySelector('form').insertAdjacentHTML('beforeend', '<input name=x>')");
    assertThatThrownBy(browser::assertAccessible)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("label");
  }

  @Test
  void aPageStatesRouteNamesNoIdOrToken() {
    assertThat(AxeChecks.routeOfPath("/households/0b5d1f9e-7a0c-4d1e-9a55-3c2b1a0f9e8d/pets?x=1"))
        .isEqualTo("/households/{}/pets")
        .isEqualTo(AxeChecks.route("/households/{id}/pets"));
    assertThat(AxeChecks.routeOfPath("/invites/q9Vt0tQ2kQeR3m8n0p1s2u3w4y5A6C7E8G9I0K1M2O3"))
        .isEqualTo(AxeChecks.route("/invites/{token}"));
    assertThat(AxeChecks.routeOfPath("/account/second-factor")).isEqualTo("/account/second-factor");
    assertThat(AxeChecks.routeOfPath("")).isEqualTo("/");
  }

  @Test
  void signInAsOpensASessionThePagesAcceptWithTheCookieTheSignInPageSets() {
    User walker = signedInUser("walker");
    signInAs(walker);
    browser.open("/").waitForText("Your households");

    Cookie cookie = browser.cookie("__Host-pawkeep");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.isSecure()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.getDomain()).doesNotStartWith(".");
    assertThat(cookie.getExpiry()).isNotNull();

    // Signing in again in the same browser ends the session of its old cookie, as the page does.
    signInAs(walker);
    browser.open("/").waitForText("Your households");
    PageClient newCookie = new PageClient(port);
    newCookie.setCookie("__Host-pawkeep", browser.cookie("__Host-pawkeep").getValue());
    assertThat(newCookie.get("/").body()).contains("Your households");
    PageClient oldCookie = new PageClient(port);
    oldCookie.setCookie("__Host-pawkeep", cookie.getValue());
    assertThat(oldCookie.get("/").body()).doesNotContain("Your households");
    browser.click("Sign out").waitForText("This is a shared device");
  }

  @Test
  void signInAsRefusesAnAccountThatTheSignInPageWouldAskForASecondFactor() {
    User owner = withSecondFactor("owner");

    assertThatThrownBy(() -> signInAs(owner))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sign it in through the page");
  }

  @Test
  void chromiumKeepsAndSendsSecureHostCookiesOverHttpLocalhost() {
    browser.navigate(pages.url("/set-cookies"));

    Cookie kept = browser.cookie("__Host-kept");
    assertThat(kept).isNotNull();
    assertThat(kept.isSecure()).isTrue();
    assertThat(kept.isHttpOnly()).isTrue();
    assertThat(kept.getSameSite()).isEqualTo("Lax");
    assertThat(browser.navigate(pages.url("/echo-cookies")).find("#cookies").getText())
        .contains("__Host-kept=1")
        .contains("__Host-session=1");
  }

  @Test
  void chromiumRefusesAHostCookieWithoutSecure() {
    browser.navigate(pages.url("/set-insecure-host-cookie"));

    assertThat(browser.cookie("__Host-unsecured")).isNull();
  }

  @Test
  void aRestartKeepsPersistentCookiesAndEndsSessionCookies() {
    browser.navigate(pages.url("/set-cookies"));

    browser.restartKeepingPersistentCookies();

    assertThat(browser.navigate(pages.url("/echo-cookies")).find("#cookies").getText())
        .contains("__Host-kept=1")
        .doesNotContain("__Host-session");
  }

  @Test
  void anotherBrowserHasItsOwnCookiesAndANewTabSharesThem() {
    browser.navigate(pages.url("/set-cookies"));

    Browser other = anotherBrowser();
    assertThat(other.navigate(pages.url("/echo-cookies")).find("#cookies").getText())
        .isEqualTo("null");
    browser.newTab();
    assertThat(browser.navigate(pages.url("/echo-cookies")).find("#cookies").getText())
        .contains("__Host-kept=1");
  }

  @Test
  void eachTestStartsWithoutCookies() {
    browser.navigate(pages.url("/echo-cookies"));

    assertThat(browser.find("#cookies").getText()).isEqualTo("null");
    browser.navigate(pages.url("/set-cookies"));
  }

  @Test
  void afterAnHtmxSwapTheSwappedPageIsChecked() {
    browser.open(pages.url("/swap"));

    browser.afterHtmxSwap(() -> browser.click("Swap"));
    assertThat(browser.text()).contains("After");
    assertThatThrownBy(() -> browser.afterHtmxSwap(() -> browser.click("Swap badly")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("label");
  }

  @Test
  void aScreenshotIsAPngOfTheViewport(@TempDir Path dir) throws IOException {
    browser.phone().open(pages.url("/labelled"));

    Path png = browser.screenshot(dir.resolve("phone.png"));
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(360);
    assertThat(image.getHeight()).isEqualTo(740);
  }

  @Test
  void aPageIsWeighedWithEverythingItLoaded() {
    Browser.PageWeight weight = browser.weigh(pages.url("/external-script"));

    assertThat(weight.resources()).hasSize(2).anySatisfy(r -> assertThat(r).contains("/ran.js"));
    assertThat(weight.encodedBodyBytes()).isGreaterThan(300);
    assertThat(weight.transferredBytes()).isGreaterThan(weight.encodedBodyBytes());
  }

  /** A phone lays out a page without a viewport meta tag 980 pixels wide; ours have one. */
  @Test
  void thePhoneViewportIs360PixelsWide() {
    browser.phone().navigate(pages.url("/labelled"));

    assertThat(browser.driver().executeScript("return [innerWidth, innerHeight]"))
        .isEqualTo(List.of(360L, 740L));
    browser.desktop();
    assertThat(browser.driver().executeScript("return [innerWidth, innerHeight]"))
        .isEqualTo(List.of(1280L, 900L));
  }
}
