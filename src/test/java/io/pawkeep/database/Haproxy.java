package io.pawkeep.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's HAProxy running the shipped production example {@code deploy/haproxy.cfg} (AVAIL-4),
 * with only what differs on a test machine replaced: the bind addresses (loopback ports instead of
 * 443 and 80), the certificate's path, and the servers' addresses. Everything else, health checks,
 * retries and forwarded headers included, is the file as shipped.
 */
final class Haproxy {

  static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");
  static final Path SHIPPED = Path.of("deploy/haproxy.cfg");

  /** What the test does on this machine. */
  sealed interface Decision {
    record Run() implements Decision {}

    record Skip(String reason) implements Decision {}

    record Fail(String reason) implements Decision {}
  }

  private static final Pattern TLS_BIND = Pattern.compile("(?m)^(\\s*)bind :443 ssl crt \\S+");
  private static final Pattern PLAIN_BIND = Pattern.compile("(?m)^(\\s*)bind :80$");
  private static final Pattern SERVER = Pattern.compile("(?m)^(\\s*)server (pawkeep-\\d) \\S+$");

  private final Process process;
  private final Path log;
  private final int port;

  private Haproxy(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Runs where HAProxy is installed, skips elsewhere, and fails in continuous integration ({@code
   * CI=true}), so a build there never passes by skipping.
   */
  static Decision decide(boolean installed, String ciVariable) {
    if (installed) {
      return new Decision.Run();
    }
    if ("true".equalsIgnoreCase(ciVariable == null ? "" : ciVariable.strip())) {
      return new Decision.Fail(
          "The several-nodes test cannot run in CI: "
              + EXECUTABLE
              + " not found (apt-get install"
              + " haproxy)");
    }
    return new Decision.Skip(
        "Several-nodes test skipped: " + EXECUTABLE + " not found (apt-get install haproxy)");
  }

  static Decision current() {
    return decide(Files.isExecutable(EXECUTABLE), System.getenv("CI"));
  }

  /**
   * The shipped configuration for this machine: TLS on {@code tlsPort} with {@code certificate}
   * (certificate and key in one PEM file), plain HTTP on {@code plainPort}, and the servers named
   * {@code pawkeep-N} at {@code 127.0.0.1:ports[N-1]}. Fails if the shipped file no longer has a
   * line this replaces, so the test never runs a configuration the file does not describe.
   */
  static String configuration(
      String shipped, int tlsPort, int plainPort, Path certificate, int... ports) {
    String tls =
        replaceAll(
            TLS_BIND,
            shipped,
            m ->
                m.group(1)
                    + "bind 127.0.0.1:"
                    + tlsPort
                    + " ssl crt "
                    + certificate.toAbsolutePath());
    String plain = replaceAll(PLAIN_BIND, tls, m -> m.group(1) + "bind 127.0.0.1:" + plainPort);
    return replaceAll(
        SERVER,
        plain,
        m -> {
          int index = Integer.parseInt(m.group(2).substring("pawkeep-".length())) - 1;
          return m.group(1) + "server " + m.group(2) + " 127.0.0.1:" + ports[index];
        });
  }

  private static String replaceAll(
      Pattern pattern, String text, Function<MatchResult, String> replacement) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException(SHIPPED + " has no line matching " + pattern);
    }
    return m.replaceAll(r -> Matcher.quoteReplacement(replacement.apply(r)));
  }

  /** Starts HAProxy in the foreground with {@code configuration}, its log in {@code folder}. */
  static Haproxy start(String configuration, Path folder, int tlsPort) throws IOException {
    Path file = folder.resolve("haproxy.cfg");
    Files.writeString(file, configuration, StandardCharsets.UTF_8);
    Path log = folder.resolve("haproxy.log");
    Process process =
        new ProcessBuilder(EXECUTABLE.toString(), "-db", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    Haproxy haproxy = new Haproxy(process, log, tlsPort);
    haproxy.awaitListening(Duration.ofSeconds(10));
    return haproxy;
  }

  private void awaitListening(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy exited:\n" + String.join("\n", logLines()));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        PawkeepNode.sleep(50);
      }
    }
    throw new IllegalStateException("haproxy does not listen on " + port);
  }

  String url(String path) {
    return "https://127.0.0.1:" + port + path;
  }

  List<String> logLines() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
