package io.pawkeep.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the browser tests find Chromium and its driver, and what they do without them: run when
 * both are installed, skip with a message on a developer's machine without them, and fail in
 * continuous integration ({@code CI=true}) so that a build there can never pass by skipping them.
 * Debian's packages are used as installed; nothing is ever downloaded.
 */
public record BrowserEnvironment(Path chromium, Path chromedriver) {

  /** Debian's chromium-headless-shell: Chromium's engine without the desktop browser around it. */
  public static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium-headless-shell");

  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** What the browser tests do in an environment. */
  public sealed interface Decision {
    record Run() implements Decision {}

    record Skip(String reason) implements Decision {}

    record Fail(String reason) implements Decision {}
  }

  /** The installed browser, or another one named by system properties (for the skip's test). */
  public static BrowserEnvironment current() {
    return new BrowserEnvironment(
        Path.of(System.getProperty("pawkeep.browser.chromium", CHROMIUM.toString())),
        Path.of(System.getProperty("pawkeep.browser.chromedriver", CHROMEDRIVER.toString())));
  }

  public Decision decide(String ciVariable) {
    return decide(Files.isExecutable(chromium), Files.isExecutable(chromedriver), ciVariable);
  }

  Decision decide(boolean chromiumFound, boolean driverFound, String ciVariable) {
    if (chromiumFound && driverFound) {
      return new Decision.Run();
    }
    String missing = (chromiumFound ? chromedriver : chromium) + " not found";
    if ("true".equalsIgnoreCase(ciVariable == null ? "" : ciVariable.strip())) {
      return new Decision.Fail(
          "Browser tests cannot run in CI: "
              + missing
              + " (install Debian's chromium-headless-shell and chromium-driver packages)");
    }
    return new Decision.Skip(
        "Browser tests skipped: "
            + missing
            + " (on Debian or Ubuntu: apt-get install chromium-headless-shell chromium-driver)");
  }
}
