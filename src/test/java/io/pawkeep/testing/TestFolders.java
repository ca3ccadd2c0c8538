package io.pawkeep.testing;

import java.nio.file.Path;

/**
 * The folders a test JVM keeps its files in. The build can run the tests in several JVMs at once
 * (see the surefire settings in {@code pom.xml}), each with its own embedded PostgreSQL, key files
 * and mail folder: the build gives each JVM its number in {@code pawkeep.test.fork}, and {@code
 * application-test.yml} names the same data folder as {@link #data()}. A run outside the build (an
 * IDE) is JVM 0. Inside a JVM the browser tests have folders of their own.
 */
public final class TestFolders {

  private static final String FORK = System.getProperty("pawkeep.test.fork", "0");

  private TestFolders() {}

  /** Whether this thread runs a browser test class, which has an application of its own. */
  private static final ThreadLocal<Boolean> BROWSER_LANE = ThreadLocal.withInitial(() -> false);

  /**
   * The data folder ({@code pawkeep.data-dir}: keys, mail, PostgreSQL) of the application this
   * thread's test class talks to: the browser tests run beside the other tests on an application of
   * their own ({@link BrowserTestSupport}).
   */
  public static Path data() {
    return BROWSER_LANE.get() ? browserData() : scratch("test-data");
  }

  /** The browser tests' application's data folder, whichever thread asks. */
  static Path browserData() {
    return scratch("test-data-browser");
  }

  /** Set by {@link BrowserTestSupport} while this thread runs a browser test class. */
  static void browserLane(boolean browser) {
    BROWSER_LANE.set(browser);
  }

  /** A folder of this JVM's own under {@code target}, named {@code name}. */
  public static Path scratch(String name) {
    return Path.of("target", name + "-" + FORK);
  }
}
