package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.args.AxeRunOnlyOptions;
import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.providers.EmbeddedResourceAxeProvider;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium with its own profile (its own cookie jar), driven through Debian's
 * chromedriver. Every step records the page's Content-Security-Policy violations, which a test
 * asserts are none; {@link #open(String)} also checks the page with axe-core (WCAG 2.2 AA).
 */
public final class Browser implements AutoCloseable {

  /** The axe-core tags of WCAG 2.0, 2.1 and 2.2, levels A and AA. */
  public static final List<String> WCAG_22_AA =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

  public static final Viewport DESKTOP = new Viewport(1280, 900, false);
  public static final Viewport PHONE = new Viewport(360, 740, true);

  private static final Duration WAIT = Duration.ofSeconds(5);

  /**
   * How often a wait looks again. Selenium's default is 500 ms, which most waits (a page after a
   * click) spent whole although the page was there after a few tens.
   */
  static final Duration POLL = Duration.ofMillis(50);

  /**
   * Injected by the DevTools protocol before any of the page's own code, so the page's CSP does not
   * apply to it. It keeps each violation on the page and in the tab's session storage, which
   * outlives a same-origin navigation that a click starts before the harness reads the page.
   */
  private static final String CSP_LISTENER =
      """
      (() => {
        if (window.__pawkeepCsp) return;
        window.__pawkeepCsp = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          const v = e.disposition + ': ' + e.effectiveDirective + ' blocked '
              + (e.blockedURI || '?') + ' in ' + (e.sourceFile || e.documentURI)
              + ':' + e.lineNumber + (e.sample ? ' (' + e.sample + ')' : '');
          window.__pawkeepCsp.push(v);
          try {
            const kept = JSON.parse(sessionStorage.getItem('__pawkeepCsp') || '[]');
            kept.push(v);
            sessionStorage.setItem('__pawkeepCsp', JSON.stringify(kept));
          } catch (ignored) {}
        }, true);
      })();
      """;

  /** Reads and clears the violations recorded since the last read. */
  private static final String TAKE_VIOLATIONS =
      """
      const done = arguments[arguments.length - 1];
      setTimeout(() => {
        let kept = [];
        try {
          kept = JSON.parse(sessionStorage.getItem('__pawkeepCsp') || '[]');
          sessionStorage.removeItem('__pawkeepCsp');
        } catch (ignored) {
          kept = window.__pawkeepCsp || [];
        }
        if (window.__pawkeepCsp) window.__pawkeepCsp.length = 0;
        done(kept);
      }, 0);
      """;

  /** Resolves once the document has not changed for 150 ms (or after 5 s). */
  private static final String DOM_IDLE =
      """
      const done = arguments[arguments.length - 1];
      let timer;
      const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, 150); });
      const giveUp = setTimeout(finish, 5000);
      function finish() { observer.disconnect(); clearTimeout(giveUp); done(true); }
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      timer = setTimeout(finish, 150);
      """;

  private static final String PAGE_WEIGHT =
      """
      const entries = performance.getEntriesByType('navigation')
          .concat(performance.getEntriesByType('resource'));
      return entries.map(e => [e.name, e.transferSize, e.encodedBodySize]);
      """;

  /** The size of a viewport in CSS pixels; {@code mobile} emulates a phone. */
  public record Viewport(int width, int height, boolean mobile) {}

  /** What a page and everything it loaded weighed on the wire. */
  public record PageWeight(long transferredBytes, long encodedBodyBytes, List<String> resources) {}

  private static String axeSource;

  private final String baseUrl;
  private final Path profile;
  private final boolean ownsProfile;
  private final List<String> violations = new ArrayList<>();
  private Process process;
  private ChromeDriver driver;
  private ChromeDriverService service;
  private Viewport viewport = DESKTOP;

  private Browser(String baseUrl, Path profile, boolean ownsProfile) {
    this.baseUrl = baseUrl;
    this.profile = profile;
    this.ownsProfile = ownsProfile;
    launch();
    prepareTab();
  }

  /** A new browser with a fresh profile, opening relative paths against {@code baseUrl}. */
  public static Browser start(String baseUrl) {
    try {
      return new Browser(baseUrl, Files.createTempDirectory("pawkeep-browser-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the browser on {@code profile} and attaches a driver to it. The browser is started here,
   * not by the driver, because the driver gives a browser started on a profile of ours no first
   * page, and the headless shell then opens none. Debian's chromium-headless-shell is Chromium's
   * engine without the desktop browser around it; on two cores it uses about 29% less CPU than the
   * full browser in headless mode, which another binary can still be ({@link BrowserEnvironment}).
   */
  private void launch() {
    BrowserEnvironment environment = BrowserEnvironment.current();
    List<String> command = new ArrayList<>();
    command.add(environment.chromium().toString());
    if (!environment.chromium().getFileName().toString().contains("headless-shell")) {
      command.add("--headless=new");
    }
    command.addAll(
        List.of(
            "--remote-debugging-port=0",
            "--user-data-dir=" + profile,
            "--no-sandbox",
            "--disable-dev-shm-usage",
            // No GPU process drawing in software, and one renderer for every site the tests open.
            "--disable-gpu",
            "--renderer-process-limit=1",
            "--disable-site-isolation-trials",
            "--window-size=" + DESKTOP.width() + "," + DESKTOP.height(),
            "--lang=en-GB",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            "--password-store=basic",
            "--use-mock-keychain",
            // What the driver sets on a browser it starts itself.
            "--enable-automation",
            "--test-type=webdriver",
            "--disable-popup-blocking",
            "--disable-hang-monitor",
            "--disable-prompt-on-repost",
            "--allow-pre-commit-input",
            "--disable-background-timer-throttling",
            "--disable-backgrounding-occluded-windows",
            "--disable-features=IgnoreDuplicateNavs,Prewarm",
            "about:blank"));
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      Files.deleteIfExists(portFile);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + environment.chromium(), e);
    }
    String port = devToolsPort(portFile);
    ChromeOptions options = new ChromeOptions();
    options.setExperimentalOption("debuggerAddress", "127.0.0.1:" + port);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // An explicit driver: Selenium Manager then neither looks for nor downloads one.
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(environment.chromedriver().toFile())
            .usingAnyFreePort()
            .build();
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      process.destroyForcibly();
      throw e;
    }
  }

  /** The port the browser wrote to its profile once it listened (10 s at most). */
  private String devToolsPort(Path portFile) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
        if (!lines.isEmpty() && !lines.getFirst().isBlank()) {
          return lines.getFirst().strip();
        }
      } catch (IOException e) {
        // Being written: read it again after the pause.
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    String exit = process.isAlive() ? "still running" : "exited with " + process.exitValue();
    process.destroyForcibly();
    throw new IllegalStateException(
        "the browser did not open its DevTools port in 10 s (" + exit + "): " + portFile);
  }

  /**
   * Closes the browser as a person would (its cookies are written to the profile), then the driver;
   * a browser that does not close in 5 s is asked again with SIGTERM, then killed.
   */
  private void quit() {
    try {
      driver.executeCdpCommand("Browser.close", Map.of());
    } catch (RuntimeException e) {
      // The connection closes with the browser.
    }
    try {
      driver.quit();
    } catch (RuntimeException e) {
      // The browser is already gone.
    } finally {
      // The driver's own process too, even when its quit failed half-way (stopping twice is safe).
      service.stop();
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy(); // SIGTERM: the browser still writes its profile
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Prepares the current tab: the DevTools protocol commands apply to one tab, so each new tab gets
   * the CSP listener and the viewport.
   */
  private void prepareTab() {
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_LISTENER));
    viewport(viewport);
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The Selenium driver, for what these helpers do not cover. */
  public ChromeDriver driver() {
    return driver;
  }

  // ---- navigation and forms ----

  /**
   * Opens a path of the application (or an absolute URL), then fails the test on any CSP violation
   * or any WCAG 2.2 AA violation axe-core finds on the page.
   */
  public Browser open(String path) {
    navigate(path);
    assertNoCspViolations();
    assertAccessible();
    return this;
  }

  /**
   * Opens a path of the application (or a URL: {@code http://...}, {@code about:blank}) without
   * checking the page, for a test that expects a broken one; its CSP violations are still recorded.
   */
  public Browser navigate(String path) {
    boolean absolute = path.matches("^[a-z][a-z0-9+.-]*:.*");
    if (absolute) {
      collectViolations(); // the page's record is kept in its own origin's session storage
    }
    driver.get(absolute ? path : baseUrl + path);
    return this;
  }

  /**
   * Types into the field whose label reads {@code labelOrName} (or, failing that, whose name or id
   * or aria-label is {@code labelOrName}), replacing what it held.
   */
  public Browser fill(String labelOrName, String value) {
    WebElement field = field(labelOrName);
    field.clear();
    field.sendKeys(value);
    return this;
  }

  /** Clicks the button (or submit input, or link) whose text is {@code text}. */
  public Browser click(String text) {
    String t = xpathLiteral(text);
    element(
            By.xpath(
                "//button[normalize-space()="
                    + t
                    + "] | //input[(@type='submit' or @type='button') and @value="
                    + t
                    + "] | //a[normalize-space()="
                    + t
                    + "]"),
            "a button or link reading \"" + text + "\"")
        .click();
    return this;
  }

  /** The text the page shows, as a person reads it. */
  /**
   * The visible text of the page. A click that posts a form replaces the document while it is read;
   * the text is then read again from the new document instead of failing the test.
   */
  public String text() {
    WebDriverException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        return driver.findElement(By.tagName("body")).getText();
      } catch (WebDriverException e) {
        last = e;
        awaitLoaded();
      }
    }
    throw last;
  }

  /** Waits (up to 5 s) until the page no longer shows {@code text}. */
  public Browser waitForNoText(String text) {
    new WebDriverWait(driver, WAIT, POLL)
        .withMessage(() -> "the page to stop showing \"" + text + "\"")
        .until(d -> !text().contains(text));
    return this;
  }

  private void awaitLoaded() {
    new WebDriverWait(driver, WAIT, POLL)
        .ignoring(WebDriverException.class)
        .until(d -> "complete".equals(driver.executeScript("return document.readyState")));
  }

  public String title() {
    return driver.getTitle();
  }

  /** The path (and query) of the page the browser shows. */
  public String path() {
    String url = driver.getCurrentUrl();
    return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
  }

  public WebElement find(String cssSelector) {
    return driver.findElement(By.cssSelector(cssSelector));
  }

  /** Waits (up to 5 s) until the page shows {@code text}. */
  public Browser waitForText(String text) {
    new WebDriverWait(driver, WAIT, POLL)
        .withMessage(() -> "the page to show \"" + text + "\"; it shows:\n" + text())
        .until(d -> text().contains(text));
    return this;
  }

  /** Waits (up to 5 s) until an element matching {@code cssSelector} is visible. */
  public WebElement waitForVisible(String cssSelector) {
    WebElement element =
        new WebDriverWait(driver, WAIT, POLL)
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
    return element;
  }

  /** Waits (up to 5 s) until the browser shows a page whose path starts with {@code path}. */
  public Browser waitForPath(String path) {
    new WebDriverWait(driver, WAIT, POLL)
        .withMessage(() -> "the browser to reach " + path + "; it shows " + path())
        .until(d -> path().startsWith(path));
    return this;
  }

  /** Waits until the page's document has not changed for 150 ms. */
  public Browser awaitDomIdle() {
    driver.executeAsyncScript(DOM_IDLE);
    return this;
  }

  /**
   * Runs {@code action} (a click, a typed value) that makes htmx swap part of the page, waits for
   * htmx to settle and the page to go quiet, then checks the swapped page: no CSP violation and no
   * WCAG 2.2 AA violation.
   */
  public Browser afterHtmxSwap(Runnable action) {
    long before = settledSwaps();
    action.run();
    new WebDriverWait(driver, WAIT, POLL)
        .withMessage("htmx to settle a swap (htmx:afterSettle)")
        .until(d -> settledSwaps() > before);
    awaitDomIdle();
    assertNoCspViolations();
    assertAccessible();
    return this;
  }

  private long settledSwaps() {
    Object count =
        driver.executeScript(
            """
            if (window.__pawkeepSettled === undefined) {
              window.__pawkeepSettled = 0;
              document.addEventListener('htmx:afterSettle', () => window.__pawkeepSettled++);
            }
            return window.__pawkeepSettled;
            """);
    return ((Number) count).longValue();
  }

  private WebElement field(String labelOrName) {
    String t = xpathLiteral(labelOrName);
    List<WebElement> labels =
        driver.findElements(
            By.xpath("//label[normalize-space()=" + t + " or normalize-space(text())=" + t + "]"));
    for (WebElement label : labels) {
      String target = label.getAttribute("for");
      if (target != null && !target.isBlank()) {
        return driver.findElement(By.id(target));
      }
      List<WebElement> nested = label.findElements(By.cssSelector("input, select, textarea"));
      if (!nested.isEmpty()) {
        return nested.getFirst();
      }
    }
    return element(
        By.xpath(
            "//*[self::input or self::select or self::textarea][@name="
                + t
                + " or @id="
                + t
                + " or @aria-label="
                + t
                + "]"),
        "a field labelled or named \"" + labelOrName + "\"");
  }

  private WebElement element(By by, String description) {
    List<WebElement> found = driver.findElements(by);
    if (found.isEmpty()) {
      throw new NoSuchElementException("No " + description + " on " + path() + ":\n" + text());
    }
    return found.getFirst();
  }

  private static String xpathLiteral(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    return "concat('" + text.replace("'", "', \"'\", '") + "')";
  }

  // ---- checks ----

  /**
   * Records the CSP violations so far (event listener and console). The listener's record waits in
   * the tab's session storage for the same origin, so this is read by the checks, and before the
   * harness opens another origin or leaves the tab, not after every step.
   */
  public List<String> collectViolations() {
    try {
      Object taken = driver.executeAsyncScript(TAKE_VIOLATIONS);
      if (taken instanceof List<?> list) {
        list.forEach(v -> violations.add(String.valueOf(v)));
      }
    } catch (RuntimeException e) {
      // A page that is navigating away has no document to read; its console is still read below.
    }
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getMessage().contains("Content Security Policy")) {
        violations.add("console: " + entry.getMessage());
      }
    }
    return List.copyOf(violations);
  }

  /** Returns the violations recorded so far and forgets them (for tests that expect some). */
  public List<String> takeCspViolations() {
    collectViolations();
    List<String> taken = List.copyOf(violations);
    violations.clear();
    return taken;
  }

  public void assertNoCspViolations() {
    assertThat(collectViolations())
        .as("Content-Security-Policy violations on %s", driver.getCurrentUrl())
        .isEmpty();
  }

  /** The WCAG 2.2 AA violations axe-core finds on the page as it is now. */
  public List<Rule> accessibilityViolations() {
    AxeRunOnlyOptions tags = new AxeRunOnlyOptions();
    tags.setType("tag");
    tags.setValues(WCAG_22_AA);
    AxeRunOptions options = new AxeRunOptions();
    options.setRunOnly(tags);
    // Only the violations are read; the nodes of every pass cost time to collect and to send.
    options.setResultTypes(List.of("violations"));
    // One axe.run in the page (our pages have no frames), instead of a run per frame whose results
    // are combined in a blank tab opened for each check; axe-core is loaded once per document.
    AxeBuilder axe = new AxeBuilder().withOptions(options).setLegacyMode(true);
    axe.disableIframeTesting();
    axe.setInjectAxe(d -> injectAxeOnce(), false);
    Results results = axe.analyze(driver);
    if (results.isErrored()) {
      throw new IllegalStateException("axe-core failed: " + results.getErrorMessage());
    }
    return results.getViolations();
  }

  private void injectAxeOnce() {
    Object loaded =
        driver.executeScript("return typeof window.axe === 'object' && !!window.axe.run;");
    if (!Boolean.TRUE.equals(loaded)) {
      driver.executeScript(axeSource());
    }
  }

  private static synchronized String axeSource() {
    if (axeSource == null) {
      try {
        axeSource = new EmbeddedResourceAxeProvider().getScript();
      } catch (Exception e) {
        throw new IllegalStateException("axe-core's script is not on the class path", e);
      }
    }
    return axeSource;
  }

  /**
   * Fails on any WCAG 2.2 AA violation axe-core finds on the page as it is now. A page state that
   * already passed in this run (same route, viewport and structure: see {@link AxeChecks}) is not
   * checked again; {@link #accessibilityViolations()} always checks.
   */
  public void assertAccessible() {
    String key = null;
    String route = null;
    long status = 0;
    try {
      @SuppressWarnings("unchecked")
      List<Object> state = (List<Object>) driver.executeScript(AxeChecks.FINGERPRINT);
      URI url = URI.create(driver.getCurrentUrl());
      String origin = url.getScheme() + "://" + url.getAuthority();
      route = AxeChecks.routeOfPath(url.getRawPath() == null ? "" : url.getRawPath());
      key = AxeChecks.key(origin, route, viewport, (String) state.get(0));
      status = ((Number) state.get(1)).longValue();
      if (!origin.equals(baseUrl)) {
        route = null; // a page of another server (the harness's own tests): no route of ours
      }
    } catch (RuntimeException e) {
      // A document that is being replaced has no fingerprint: check it without the memory.
    }
    if (key == null || !AxeChecks.passedBefore(key)) {
      long start = System.nanoTime();
      List<Rule> found = accessibilityViolations();
      AxeChecks.took(System.nanoTime() - start);
      assertThat(found)
          .as(
              "WCAG 2.2 AA violations (axe-core) on %s:%n%s",
              driver.getCurrentUrl(), describe(found))
          .isEmpty();
      assertUniqueLabels();
      if (key != null) {
        AxeChecks.passed(key);
      }
    }
    if (route != null && status >= 200 && status < 300) {
      AxeChecks.routePassed(route);
    }
  }

  /** The roles of the accessibility tree that a person fills or ticks. */
  private static final Set<String> FORM_CONTROL_ROLES =
      Set.of(
          "textbox",
          "searchbox",
          "checkbox",
          "radio",
          "combobox",
          "listbox",
          "spinbutton",
          "slider",
          "switch");

  /**
   * The accessible names, as Chromium computes them, that more than one form control of the page
   * has, with how many. Axe does not report two fields both named "Alarm code", yet a screen reader
   * user listing the form fields cannot tell them apart.
   */
  public Map<String, Long> duplicateControlNames() {
    // The page's own fields (not the parts Chromium draws inside a date field), by DOM node.
    Set<Object> fields = new java.util.HashSet<>();
    collectFields(
        driver.executeCdpCommand("DOM.getDocument", Map.of("depth", -1)).get("root"), fields);
    Map<String, Object> tree = driver.executeCdpCommand("Accessibility.getFullAXTree", Map.of());
    List<?> nodes = (List<?>) tree.getOrDefault("nodes", List.of());
    return nodes.stream()
        .map(n -> (Map<?, ?>) n)
        .filter(n -> !Boolean.TRUE.equals(n.get("ignored")))
        .filter(
            n -> n.get("backendDOMNodeId") instanceof Number id && fields.contains(id.longValue()))
        .filter(n -> FORM_CONTROL_ROLES.contains(axValue(n.get("role"))))
        .map(n -> axValue(n.get("name")).strip())
        .collect(Collectors.groupingBy(name -> name, java.util.TreeMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
  }

  private static void collectFields(Object node, Set<Object> fields) {
    if (node instanceof Map<?, ?> n) {
      if (Set.of("INPUT", "SELECT", "TEXTAREA").contains(n.get("nodeName"))
          && n.get("backendNodeId") instanceof Number id) {
        fields.add(id.longValue());
      }
      if (n.get("children") instanceof List<?> children) {
        children.forEach(child -> collectFields(child, fields));
      }
    }
  }

  private static String axValue(Object property) {
    return property instanceof Map<?, ?> m && m.get("value") != null
        ? String.valueOf(m.get("value"))
        : "";
  }

  /** Fails when two form controls of the page have the same accessible name (or none). */
  public void assertUniqueLabels() {
    assertThat(duplicateControlNames())
        .as("form controls sharing one accessible name on %s", driver.getCurrentUrl())
        .isEmpty();
  }

  static String describe(List<Rule> rules) {
    return rules.stream()
        .map(
            r ->
                "- "
                    + r.getId()
                    + " ("
                    + r.getImpact()
                    + "): "
                    + r.getHelp()
                    + " at "
                    + r.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget()))
                        .collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"));
  }

  // ---- cookies, viewport, screenshots, weight ----

  /**
   * Gives the browser a cookie of the application as its answers set the session cookie: host-only
   * (no Domain), Path=/, Secure, HttpOnly, SameSite=Lax, kept until {@code expires} (null: until
   * the browser closes). Works on any page, {@code about:blank} included.
   */
  public Browser addHostCookie(String name, String value, Instant expires) {
    Map<String, Object> cookie = new HashMap<>();
    cookie.put("name", name);
    cookie.put("value", value);
    cookie.put("url", baseUrl + "/");
    cookie.put("path", "/");
    cookie.put("secure", true);
    cookie.put("httpOnly", true);
    cookie.put("sameSite", "Lax");
    if (expires != null) {
      cookie.put("expires", expires.getEpochSecond());
    }
    Map<String, Object> answer = driver.executeCdpCommand("Network.setCookie", cookie);
    if (Boolean.FALSE.equals(answer.get("success"))) {
      throw new IllegalStateException("Chromium refused the cookie " + name);
    }
    return this;
  }

  /** The value of the application's cookie {@code name}, read whatever page the browser shows. */
  public Optional<String> applicationCookie(String name) {
    Map<String, Object> answer =
        driver.executeCdpCommand("Network.getCookies", Map.of("urls", List.of(baseUrl + "/")));
    if (answer.get("cookies") instanceof List<?> cookies) {
      for (Object c : cookies) {
        if (c instanceof Map<?, ?> cookie && name.equals(cookie.get("name"))) {
          return Optional.of(String.valueOf(cookie.get("value")));
        }
      }
    }
    return Optional.empty();
  }

  /** Removes the application's cookie {@code name}, as an answer that clears it does. */
  public Browser deleteApplicationCookie(String name) {
    driver.executeCdpCommand("Network.deleteCookies", Map.of("name", name, "url", baseUrl + "/"));
    return this;
  }

  /** The User-Agent header Chromium sends. */
  public String userAgent() {
    return String.valueOf(
        driver.executeCdpCommand("Browser.getVersion", Map.of()).get("userAgent"));
  }

  /** The cookie of the current page's site named {@code name}, or null. */
  public Cookie cookie(String name) {
    return driver.manage().getCookieNamed(name);
  }

  public Set<Cookie> cookies() {
    return driver.manage().getCookies();
  }

  public Browser phone() {
    return viewport(PHONE);
  }

  public Browser desktop() {
    return viewport(DESKTOP);
  }

  /** Sets the viewport to exactly this size in CSS pixels. */
  public Browser viewport(Viewport size) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width",
            size.width(),
            "height",
            size.height(),
            "deviceScaleFactor",
            1,
            "mobile",
            size.mobile()));
    viewport = size;
    return this;
  }

  public Viewport viewport() {
    return viewport;
  }

  /** Saves what the viewport shows as a PNG (for {@code docs/screenshots/}). */
  public Path screenshot(Path png) {
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
      return png;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens {@code path} with the browser's cache off and adds up what the page and all it loaded
   * took on the wire (Performance API {@code transferSize}: compressed body and headers).
   */
  public PageWeight weigh(String path) {
    return weighAfter(() -> navigate(path));
  }

  /** What {@link #weigh} measures, for the page that {@code steps} reach (a form post, say). */
  public PageWeight weighAfter(Runnable steps) {
    driver.executeCdpCommand("Network.enable", Map.of()); // the cache switch needs it
    driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
    try {
      steps.run();
      awaitDomIdle();
      @SuppressWarnings("unchecked")
      List<List<Object>> entries = (List<List<Object>>) driver.executeScript(PAGE_WEIGHT);
      long transferred = 0;
      long encoded = 0;
      List<String> resources = new ArrayList<>();
      for (List<Object> e : entries) {
        transferred += ((Number) e.get(1)).longValue();
        encoded += ((Number) e.get(2)).longValue();
        resources.add(e.get(0) + " " + e.get(1) + " B");
      }
      return new PageWeight(transferred, encoded, resources);
    } finally {
      driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
    }
  }

  // ---- sessions ----

  /** A new tab of this browser (same cookies); the driver switches to it. Returns its handle. */
  public String newTab() {
    collectViolations(); // session storage is the tab's own
    String before = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB);
    prepareTab();
    return before;
  }

  /** Switches to the tab with this handle. */
  public Browser switchToTab(String handle) {
    collectViolations();
    driver.switchTo().window(handle);
    return this;
  }

  /**
   * Closes the browser and starts it again on the same profile, as a person closing and reopening
   * it: cookies with an expiry survive, session cookies end.
   */
  public Browser restartKeepingPersistentCookies() {
    collectViolations();
    quit();
    launch();
    prepareTab();
    return this;
  }

  /**
   * Forgets every cookie, the cache and the site's storage, as a fresh profile would (between
   * tests), and leaves one new tab (a new tab has empty session storage whatever the origin).
   */
  public void reset() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
    driver.executeCdpCommand(
        "Storage.clearDataForOrigin", Map.of("origin", baseUrl, "storageTypes", "all"));
    Set<String> old = driver.getWindowHandles();
    driver.switchTo().newWindow(WindowType.TAB);
    String fresh = driver.getWindowHandle();
    for (String handle : old) {
      driver.switchTo().window(handle).close();
    }
    driver.switchTo().window(fresh);
    viewport = DESKTOP;
    prepareTab();
    violations.clear();
    driver.manage().logs().get(LogType.BROWSER);
  }

  @Override
  public void close() {
    try {
      quit();
    } finally {
      if (ownsProfile) {
        deleteProfile();
      }
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind does no harm.
    }
  }
}
