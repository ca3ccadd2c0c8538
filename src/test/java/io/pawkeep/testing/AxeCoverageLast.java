package io.pawkeep.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Keeps JUnit's order of the test classes but runs {@link AxeCoverageBrowserTests} last, once every
 * browser test has checked its pages (set in {@code junit-platform.properties}).
 */
public final class AxeCoverageLast implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    // A stable sort: every other class keeps its place.
    context
        .getClassDescriptors()
        .sort(Comparator.comparing(c -> c.getTestClass() == AxeCoverageBrowserTests.class));
  }
}
