package io.pawkeep.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pawkeep.accounts.AccountFixture;
import io.pawkeep.security.WebSessionCookie;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the browser tests ({@code *BrowserTests}): one application of their own (its own data
 * folder, database and clock) and one headless Chromium for the run, emptied of cookies and storage
 * before each test. The browser test classes run one after another, at the same time as the other
 * test classes (see {@code junit-platform.properties} and {@link BrowserLane}). Each test fails on
 * any Content-Security-Policy violation; {@link Browser#open(String)} also fails on any WCAG 2.2 AA
 * violation.
 *
 * <p>Without Chromium the tests are skipped with a message, except in continuous integration
 * ({@code CI=true}), where they fail: see {@link BrowserEnvironment}.
 */
@ExtendWith(ChromiumCondition.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(BrowserTestSupport.LANE)
@TestPropertySource(properties = "pawkeep.data-dir=" + BrowserTestSupport.DATA_DIR)
public abstract class BrowserTestSupport extends ApiTestSupport {

  /** Held by each browser test class: they share one browser, so they run one at a time. */
  static final String LANE = "io.pawkeep.browser-lane";

  /**
   * The browser tests' own data folder ({@link TestFolders#data()} on their thread), so their
   * application, database, mail and clock are not those of the API tests that run at the same time.
   */
  static final String DATA_DIR = "target/test-data-browser-${pawkeep.test.fork:0}";

  /**
   * One browser for the whole run (Chromium takes a second or two to start): each test gets it
   * reset, and it closes when the test JVM exits.
   */
  private static Browser shared;

  private static boolean closesAtExit;

  /**
   * Other browsers ({@link #anotherBrowser()}) whose test has ended, emptied and handed to the next
   * test that asks for one instead of starting another Chromium.
   */
  private static final Deque<Browser> idleOthers = new ArrayDeque<>();

  private static final int MAX_IDLE_OTHERS = 2;

  /** The test's browser (cookies and storage empty at the start of each test). */
  protected Browser browser;

  private final List<Browser> others = new ArrayList<>();

  /** The CSRF cookie of the pages (security/WebSecurityConfiguration). */
  private static final String CSRF_COOKIE = "__Host-pawkeep-csrf";

  @Autowired private AccountFixture accountFixture;

  @BeforeAll
  static void useTheBrowserTestsFolders() {
    TestFolders.browserLane(true);
  }

  @AfterAll
  static void leaveTheBrowserTestsFolders() {
    TestFolders.browserLane(false);
  }

  /** Fails the class in CI without Chromium ({@link ChromiumCondition} skips it elsewhere). */
  @BeforeAll
  static void requireChromium() {
    switch (BrowserEnvironment.current().decide(System.getenv("CI"))) {
      case BrowserEnvironment.Decision.Run run -> {}
      case BrowserEnvironment.Decision.Fail failure -> fail(failure.reason());
      case BrowserEnvironment.Decision.Skip skip -> assumeTrue(false, skip.reason());
    }
  }

  @BeforeEach
  void startOrResetBrowser() {
    browser = sharedBrowser(baseUrl());
  }

  private static synchronized Browser sharedBrowser(String baseUrl) {
    if (shared != null && shared.baseUrl().equals(baseUrl)) {
      try {
        shared.reset();
        return shared;
      } catch (RuntimeException e) {
        // A browser that crashed or was closed by a test: start a new one below.
      }
    }
    closeAtExit();
    closeShared();
    shared = Browser.start(baseUrl);
    return shared;
  }

  private static synchronized void closeAtExit() {
    if (!closesAtExit) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    closeShared();
                    closeIdleOthers();
                  }));
      closesAtExit = true;
    }
  }

  private static synchronized void closeShared() {
    if (shared != null) {
      Browser closing = shared;
      shared = null;
      closeQuietly(closing);
    }
  }

  private static synchronized Browser otherBrowser(String baseUrl) {
    while (!idleOthers.isEmpty()) {
      Browser other = idleOthers.pop();
      if (other.baseUrl().equals(baseUrl)) {
        try {
          other.reset();
          return other;
        } catch (RuntimeException e) {
          // Crashed or closed: start a new one below.
        }
      }
      closeQuietly(other);
    }
    closeAtExit();
    return Browser.start(baseUrl);
  }

  private static synchronized void giveBack(Browser other) {
    if (idleOthers.size() < MAX_IDLE_OTHERS) {
      idleOthers.push(other);
    } else {
      closeQuietly(other);
    }
  }

  private static synchronized void closeIdleOthers() {
    while (!idleOthers.isEmpty()) {
      closeQuietly(idleOthers.pop());
    }
  }

  private static void closeQuietly(Browser browser) {
    try {
      browser.close();
    } catch (RuntimeException e) {
      // Already gone.
    }
  }

  @AfterEach
  void checkContentSecurityPolicy() {
    try {
      if (browser == null) {
        return; // the browser did not start; that failure is already reported
      }
      browser.assertNoCspViolations();
      for (Browser other : others) {
        other.assertNoCspViolations();
      }
    } finally {
      others.forEach(BrowserTestSupport::giveBack);
      others.clear();
    }
  }

  /** {@code http://localhost:<port>}: a secure context, so {@code __Host-} cookies work. */
  protected String baseUrl() {
    return "http://localhost:" + port;
  }

  /**
   * Signs {@code user} in to {@code b} without the sign-in page, for the many tests whose subject
   * is not signing in: the browser session is opened by the steps the sign-in page takes once the
   * password matched ({@link AccountFixture#browserSession}) and its {@code __Host-pawkeep} cookie
   * is set in Chromium with the attributes the page's answer gives it. It saves the sign-in page's
   * load and check, the typing, the password's Argon2 check and the home page. The browser stays on
   * the page it shows: open the page under test next. Tests of signing in (the form, the second
   * factor, a shared device, fixation, the way back to an invitation) use the page instead. Refused
   * for an account with a second factor, which the page would ask for its code.
   */
  protected Browser signInAs(Browser b, User user) {
    AccountFixture.BrowserSession session =
        accountFixture.browserSession(
            user.email(), b.userAgent(), b.applicationCookie(WebSessionCookie.NAME));
    // As the page does, the CSRF token of the signed-out browser is dropped (the next page makes
    // one).
    return b.deleteApplicationCookie(CSRF_COOKIE)
        .addHostCookie(
            WebSessionCookie.NAME, session.secret(), Instant.now().plus(session.maxAge()));
  }

  /** {@link #signInAs(Browser, User)} in the test's {@link #browser}. */
  protected Browser signInAs(User user) {
    return signInAs(browser, user);
  }

  /**
   * A second, independent browser (its own profile and cookie jar, as another device), checked for
   * CSP violations like the first. After the test it is emptied of cookies and storage like the
   * first and kept for the next test that asks for one (starting a Chromium takes seconds).
   */
  protected Browser anotherBrowser() {
    Browser other = otherBrowser(baseUrl());
    others.add(other);
    return other;
  }
}
