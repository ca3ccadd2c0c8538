package io.pawkeep.testing;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The browser test classes of this run, which run one after another beside the other classes
 * ({@code junit-platform.properties}, {@link BrowserTestSupport}). A class that must come after all
 * of them ({@link AxeCoverageBrowserTests}) waits here: JUnit runs it last among the other classes,
 * but the browser lane may still be running then. Registered in {@code
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class BrowserLane implements TestExecutionListener {

  private static final Object LOCK = new Object();
  private static final Set<String> pending = new HashSet<>();

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    synchronized (LOCK) {
      pending.clear();
      for (TestIdentifier root : plan.getRoots()) {
        for (TestIdentifier test : plan.getDescendants(root)) {
          if (isBrowserClass(test)) {
            pending.add(test.getUniqueId());
          }
        }
      }
    }
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    finished(test);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    finished(test);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    synchronized (LOCK) {
      pending.clear();
      LOCK.notifyAll();
    }
  }

  /** Waits until every browser test class of this run has finished; false after {@code limit}. */
  public static boolean awaitFinished(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (LOCK) {
      while (!pending.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(LOCK, left);
      }
      return true;
    }
  }

  private static void finished(TestIdentifier test) {
    synchronized (LOCK) {
      if (pending.remove(test.getUniqueId()) && pending.isEmpty()) {
        LOCK.notifyAll();
      }
    }
  }

  private static boolean isBrowserClass(TestIdentifier test) {
    return test.getSource().orElse(null) instanceof ClassSource source
        && safeLoad(source) instanceof Class<?> type
        && BrowserTestSupport.class.isAssignableFrom(type);
  }

  private static Class<?> safeLoad(ClassSource source) {
    try {
      return source.getJavaClass();
    } catch (RuntimeException e) {
      return null; // not a class of this class path: not ours
    }
  }
}
