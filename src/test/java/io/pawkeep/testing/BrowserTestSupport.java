package io.pawkeep.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the browser tests ({@code *BrowserTests}): the application of the API tests (the same
 * Spring context, so no second application starts), and one headless Chromium for the run, emptied
 * of cookies and storage before each test. Each test fails on any Content-Security-Policy
 * violation; {@link Browser#open(String)} also fails on any WCAG 2.2 AA violation.
 *
 * <p>Without Chromium the tests are skipped with a message, except in continuous integration
 * ({@code CI=true}), where they fail: see {@link BrowserEnvironment}.
 */
@ExtendWith(ChromiumCondition.class)
public abstract class BrowserTestSupport extends ApiTestSupport {

  /**
   * One browser for the whole run (Chromium takes a second or two to start): each test gets it
   * reset, and it closes when the test JVM exits.
   */
  private static Browser shared;

  private static boolean closesAtExit;

  /** The test's browser (cookies and storage empty at the start of each test). */
  protected Browser browser;

  private final List<Browser> others = new ArrayList<>();

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
    if (!closesAtExit) {
      Runtime.getRuntime().addShutdownHook(new Thread(BrowserTestSupport::closeShared));
      closesAtExit = true;
    }
    closeShared();
    shared = Browser.start(baseUrl);
    return shared;
  }

  private static synchronized void closeShared() {
    if (shared != null) {
      Browser closing = shared;
      shared = null;
      try {
        closing.close();
      } catch (RuntimeException e) {
        // Already gone.
      }
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
      others.forEach(Browser::close);
      others.clear();
    }
  }

  /** {@code http://localhost:<port>}: a secure context, so {@code __Host-} cookies work. */
  protected String baseUrl() {
    return "http://localhost:" + port;
  }

  /**
   * A second, independent browser (its own profile and cookie jar, as another device), closed after
   * the test and checked for CSP violations like the first.
   */
  protected Browser anotherBrowser() {
    Browser other = Browser.start(baseUrl());
    others.add(other);
    return other;
  }
}
