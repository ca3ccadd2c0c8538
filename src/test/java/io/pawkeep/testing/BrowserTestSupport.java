package io.pawkeep.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the browser tests ({@code *BrowserTests}): the application of the API tests (the same
 * Spring context, so no second application starts), and one headless Chromium per test class,
 * emptied of cookies and storage before each test. Each test fails on any Content-Security-Policy
 * violation; {@link Browser#open(String)} also fails on any WCAG 2.2 AA violation.
 *
 * <p>Without Chromium the tests are skipped with a message, except in continuous integration
 * ({@code CI=true}), where they fail: see {@link BrowserEnvironment}.
 */
@ExtendWith(ChromiumCondition.class)
public abstract class BrowserTestSupport extends ApiTestSupport {

  private static Browser classBrowser;

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
    if (classBrowser == null || !classBrowser.baseUrl().equals(baseUrl())) {
      closeClassBrowser();
      classBrowser = Browser.start(baseUrl());
    } else {
      classBrowser.reset();
    }
    browser = classBrowser;
  }

  @AfterEach
  void checkContentSecurityPolicy() {
    try {
      browser.assertNoCspViolations();
      for (Browser other : others) {
        other.assertNoCspViolations();
      }
    } finally {
      others.forEach(Browser::close);
      others.clear();
    }
  }

  @AfterAll
  static void closeClassBrowser() {
    if (classBrowser != null) {
      Browser closing = classBrowser;
      classBrowser = null;
      closing.close();
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
