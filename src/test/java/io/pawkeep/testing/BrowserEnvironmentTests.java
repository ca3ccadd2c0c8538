package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.BrowserEnvironment.Decision;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Browser tests run with Chromium, skip without it, and never skip in CI. */
class BrowserEnvironmentTests {

  private final BrowserEnvironment environment =
      new BrowserEnvironment(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromedriver"));

  @Test
  void withChromiumAndItsDriverTheTestsRun() {
    assertThat(environment.decide(true, true, null)).isEqualTo(new Decision.Run());
    assertThat(environment.decide(true, true, "true")).isEqualTo(new Decision.Run());
  }

  @Test
  void withoutChromiumTheTestsAreSkippedWithAMessage() {
    assertThat(environment.decide(false, true, null))
        .isInstanceOfSatisfying(
            Decision.Skip.class,
            skip ->
                assertThat(skip.reason())
                    .startsWith("Browser tests skipped: /usr/bin/chromium not found"));
    assertThat(environment.decide(true, false, "false"))
        .isInstanceOfSatisfying(
            Decision.Skip.class,
            skip ->
                assertThat(skip.reason())
                    .startsWith("Browser tests skipped: /usr/bin/chromedriver not found"));
  }

  @Test
  void inContinuousIntegrationAMissingBrowserFailsTheTests() {
    assertThat(environment.decide(false, true, "true")).isInstanceOf(Decision.Fail.class);
    assertThat(environment.decide(true, false, "TRUE")).isInstanceOf(Decision.Fail.class);
    assertThat(environment.decide(false, false, "true"))
        .isInstanceOfSatisfying(
            Decision.Fail.class,
            failure -> assertThat(failure.reason()).contains("/usr/bin/chromium not found"));
  }

  @Test
  void aMissingFileIsNotFound() {
    BrowserEnvironment nowhere =
        new BrowserEnvironment(Path.of("/nonexistent/chromium"), Path.of("/nonexistent/driver"));

    assertThat(nowhere.decide(null)).isInstanceOf(Decision.Skip.class);
    assertThat(nowhere.decide("true")).isInstanceOf(Decision.Fail.class);
  }
}
