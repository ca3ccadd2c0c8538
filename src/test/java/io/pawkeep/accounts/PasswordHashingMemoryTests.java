package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * AUTH-11 under a real memory limit: 300 sign-ins at once in a JVM of its own with a 512 MiB heap
 * ({@link HashingFlood}). With the bound, every answer is 200, 401 or 503 and nothing runs out of
 * memory. Without it, the same flood needs 300 x 19 MiB at once: the child thrashes in garbage
 * collection and does not finish within the minute this test allows (run {@code HashingFlood 300
 * unbounded} with the same options to see it).
 */
class PasswordHashingMemoryTests {

  private static final int LOGINS = 300;
  private static final Pattern ANSWERS = Pattern.compile("answers \\{(.*)}");

  @Test
  void threeHundredParallelSignInsInA512MiBHeapNeverRunOutOfMemory() throws Exception {
    String answers = flood("bounded");

    assertThat(answers).doesNotContain("OOM");
    assertThat(answers.split(", "))
        .allSatisfy(answer -> assertThat(answer).matches("(200|401|429|503)=\\d+"));
    assertThat(answers).contains("200=", "401=");
  }

  private static String flood(String mode) throws IOException, InterruptedException {
    Path log = Files.createTempFile("hashing-flood-" + mode, ".log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx512m",
                    // The default bound is one hash per processor: fix the count so the run does
                    // not depend on the machine.
                    "-XX:ActiveProcessorCount=4",
                    "-cp",
                    System.getProperty("java.class.path"),
                    HashingFlood.class.getName(),
                    Integer.toString(LOGINS),
                    mode))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the flood did not finish in 60 seconds");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Matcher m = ANSWERS.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    return m.group(1);
  }
}
