package io.pawkeep.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the browser test classes, before their application starts, where Chromium is missing and
 * the build is not continuous integration (there {@link BrowserTestSupport} fails them instead).
 */
final class ChromiumCondition implements ExecutionCondition {

  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (BrowserEnvironment.current().decide(System.getenv("CI"))
        instanceof BrowserEnvironment.Decision.Skip skip) {
      if (REPORTED.compareAndSet(false, true)) {
        console().println(skip.reason());
      }
      return ConditionEvaluationResult.disabled(skip.reason());
    }
    return ConditionEvaluationResult.enabled("Chromium is installed, or this is CI");
  }

  /**
   * The process's own standard error: the build redirects the tests' System.err to report files,
   * and the message that browser tests were skipped belongs on the console of whoever runs them.
   */
  private static PrintStream console() {
    return new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
  }
}
