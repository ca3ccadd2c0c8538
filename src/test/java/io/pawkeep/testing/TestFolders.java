package io.pawkeep.testing;

import java.nio.file.Path;

/**
 * The folders a test JVM keeps its files in. The build runs the tests in two JVMs at once (see the
 * surefire settings in {@code pom.xml}), each with its own embedded PostgreSQL, key files and mail
 * folder: the build gives each JVM its number in {@code pawkeep.test.fork}, and {@code
 * application-test.yml} names the same data folder as {@link #data()}. A run outside the build (an
 * IDE) is JVM 0.
 */
public final class TestFolders {

  private static final String FORK = System.getProperty("pawkeep.test.fork", "0");

  private TestFolders() {}

  /** The test application's data folder ({@code pawkeep.data-dir}): keys, mail, PostgreSQL. */
  public static Path data() {
    return scratch("test-data");
  }

  /** A folder of this JVM's own under {@code target}, named {@code name}. */
  public static Path scratch(String name) {
    return Path.of("target", name + "-" + FORK);
  }
}
