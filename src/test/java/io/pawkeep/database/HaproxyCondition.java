package io.pawkeep.database;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the several-nodes test, before anything starts, where HAProxy is missing and the build is
 * not continuous integration; there ({@code CI=true}) the test runs and fails instead.
 */
final class HaproxyCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (Haproxy.current() instanceof Haproxy.Decision.Skip skip) {
      // The build sends the tests' System.err to report files; this belongs on the console.
      new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8)
          .println(skip.reason());
      return ConditionEvaluationResult.disabled(skip.reason());
    }
    return ConditionEvaluationResult.enabled("HAProxy is installed, or this is CI");
  }
}
