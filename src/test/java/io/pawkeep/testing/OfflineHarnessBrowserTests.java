package io.pawkeep.testing;

import static io.pawkeep.testing.TestPages.document;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The offline harness in a real Chromium: behind the {@link SwitchableProxy} a page's service
 * worker keeps opening it from its cache while its own fetches fail (which the page-level offline
 * emulation would not show, as the worker escapes it), a simulated GPS route reaches a page that
 * watches the position, and the phone profile slows the network as slow 3G does.
 */
class OfflineHarnessBrowserTests extends BrowserTestSupport {

  private static TestPages pages;
  private static SwitchableProxy proxy;

  private static final String WORKER =
      """
      self.addEventListener('install', (e) => {
        e.waitUntil(caches.open('shell').then((c) => c.addAll(['/offline', '/offline.js'])));
        self.skipWaiting();
      });
      self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
      self.addEventListener('fetch', (e) => {
        const url = new URL(e.request.url);
        if (url.pathname === '/offline' || url.pathname === '/offline.js') {
          e.respondWith(caches.match(url.pathname));
        }
      });
      """;

  private static final String PAGE_SCRIPT =
      """
      navigator.serviceWorker.register('/sw.js');
      document.getElementById('ping').addEventListener('click', () => {
        const out = document.getElementById('answer');
        const started = performance.now();
        fetch('/ping', { cache: 'no-store' })
          .then((r) => r.text())
          .then((t) => { out.dataset.ms = String(performance.now() - started); out.textContent = t; })
          .catch(() => { out.textContent = 'failed'; });
      });
      const fixes = document.getElementById('fixes');
      navigator.geolocation.watchPosition((p) => {
        const li = document.createElement('li');
        li.textContent = p.coords.latitude.toFixed(6) + ',' + p.coords.longitude.toFixed(6);
        fixes.append(li);
      });
      """;

  @BeforeAll
  static void servePages() {
    pages =
        new TestPages(
            Map.of(
                "/offline",
                TestPages.Page.html(
                    document(
                        "Offline page",
                        "<button id=\"ping\">Ping</button><p id=\"answer\">none</p>"
                            + "<ul id=\"fixes\"></ul><script src=\"/offline.js\"></script>"),
                    List.of()),
                "/offline.js",
                new TestPages.Page("text/javascript", List.of(), PAGE_SCRIPT),
                "/sw.js",
                new TestPages.Page("text/javascript", List.of(), WORKER),
                "/ping",
                new TestPages.Page("text/plain", List.of(), "pong")));
    proxy = SwitchableProxy.forwardingTo(Integer.parseInt(pages.url("").replaceAll(".*:", "")));
  }

  @AfterAll
  static void stopPages() {
    proxy.close();
    pages.close();
  }

  private String url(String path) {
    return proxy.origin() + path;
  }

  private void ping(String expected) {
    browser.find("#answer");
    browser.driver().executeScript("document.getElementById('answer').textContent = 'waiting'");
    browser.click("Ping").waitForText(expected);
  }

  @Test
  void behindACutProxyTheServiceWorkerStillOpensThePageButItsRequestsFailUntilRestored() {
    proxy.restore();
    browser.navigate(url("/offline"));
    new WebDriverWait(browser.driver(), Duration.ofSeconds(5))
        .withMessage("the service worker to control the page")
        .until(
            d ->
                Boolean.TRUE.equals(
                    browser.driver().executeScript("return !!navigator.serviceWorker.controller")));
    ping("pong");

    proxy.cut();
    int fetched = proxy.requests("GET /offline ").size();
    browser.navigate(url("/offline"));
    assertThat(browser.find("h1").getText()).isEqualTo("Offline page");
    ping("failed");
    // The reload came from the worker's cache: it never reached the server.
    assertThat(proxy.requests("GET /offline ")).hasSize(fetched);

    proxy.restore();
    ping("pong");
  }

  @Test
  void aSimulatedRouteReachesAPageThatWatchesThePosition() {
    proxy.restore();
    Device.allowGeolocation(browser, proxy.origin());
    List<Device.Position> route = Device.route(new Device.Position(52.52, 13.405), 6, 30);
    assertThat(Device.length(route)).isBetween(149.0, 151.0);
    Device.locate(browser, route.getFirst());
    browser.navigate(url("/offline"));
    for (int k = 0; k < route.size(); k++) {
      Device.locate(browser, route.get(k));
      String expected = "%.6f,%.6f".formatted(route.get(k).latitude(), route.get(k).longitude());
      browser.waitForText(expected);
    }
    assertThat(browser.driver().findElements(By.cssSelector("#fixes li")))
        .hasSizeGreaterThanOrEqualTo(route.size());
  }

  @Test
  void thePhoneProfileMakesEachRequestTakeASlow3gRoundTrip() {
    proxy.restore();
    browser.navigate(url("/offline"));
    Device.phoneProfile(browser);
    ping("pong");
    double slow = Double.parseDouble(browser.find("#answer").getDomAttribute("data-ms"));
    assertThat(slow).isGreaterThanOrEqualTo(Device.SLOW_3G_LATENCY_MS);
    assertThat(browser.viewport()).isEqualTo(Browser.PHONE);

    Device.fullSpeed(browser);
    ping("pong");
    assertThat(Double.parseDouble(browser.find("#answer").getDomAttribute("data-ms")))
        .isLessThan(Device.SLOW_3G_LATENCY_MS);
  }
}
