package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * How {@link SeveralNodesTests} treats HAProxy: it runs the shipped configuration with only the
 * machine-specific lines replaced, and never passes in continuous integration by skipping.
 */
class HaproxyTests {

  @Test
  void theTestRunsWithHaproxySkipsWithoutItAndFailsWithoutItInCi() {
    assertThat(Haproxy.decide(true, "true")).isInstanceOf(Haproxy.Decision.Run.class);
    assertThat(Haproxy.decide(true, null)).isInstanceOf(Haproxy.Decision.Run.class);
    assertThat(Haproxy.decide(false, null)).isInstanceOf(Haproxy.Decision.Skip.class);
    assertThat(Haproxy.decide(false, "false")).isInstanceOf(Haproxy.Decision.Skip.class);
    assertThat(Haproxy.decide(false, " TRUE ")).isInstanceOf(Haproxy.Decision.Fail.class);
  }

  @Test
  void theShippedConfigurationChangesOnlyInItsAddressesAndCertificatePath() throws Exception {
    String shipped = Files.readString(Haproxy.SHIPPED);
    String local = Haproxy.configuration(shipped, 8443, 8081, Path.of("/tmp/test.pem"), 9001, 9002);

    assertThat(local)
        .contains("bind 127.0.0.1:8443 ssl crt /tmp/test.pem alpn h2,http/1.1")
        .contains("bind 127.0.0.1:8081\n")
        .contains("server pawkeep-1 127.0.0.1:9001\n")
        .contains("server pawkeep-2 127.0.0.1:9002\n")
        .doesNotContain("pawkeep-1:8080", "pawkeep-2:8080", "bind :443", "bind :80\n");
    // Everything else is the shipped file, line for line.
    assertThat(local.lines().filter(l -> !l.contains("bind ") && !l.contains("server pawkeep-")))
        .containsExactlyElementsOf(
            shipped
                .lines()
                .filter(l -> !l.contains("bind ") && !l.contains("server pawkeep-"))
                .toList());
  }

  @Test
  void aShippedFileWithoutTheLinesTheTestReplacesIsRefused() {
    assertThatThrownBy(
            () ->
                Haproxy.configuration(
                    "frontend pawkeep\n    bind :8443\n", 1, 2, Path.of("/tmp/x.pem"), 3, 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no line matching");
  }
}
