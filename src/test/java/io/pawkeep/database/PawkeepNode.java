package io.pawkeep.database;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Pawkeep node as production runs it: a JVM of its own ({@code java -cp <the application's
 * class path> io.pawkeep.PawkeepApplication}), configured by environment variables and arguments,
 * its output in a log file of its own. Never the test classes on its class path: the node must not
 * pick up a test's beans.
 */
final class PawkeepNode {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private PawkeepNode(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts a node on {@code port}; it is ready once {@link #awaitHealthy} returns. */
  static PawkeepNode start(
      String name,
      int port,
      Path folder,
      Map<String, String> environment,
      List<String> arguments,
      List<String> jvmOptions)
      throws IOException {
    Path classPath = folder.resolve(name + ".classpath");
    Files.writeString(classPath, "-cp \"" + applicationClassPath() + "\"\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("@" + classPath.toAbsolutePath());
    command.add("io.pawkeep.PawkeepApplication");
    command.add("--server.port=" + port);
    command.addAll(arguments);
    Path log = folder.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    PawkeepNode node = new PawkeepNode(name, port, log, process);
    // A JVM that dies without running the test's clean-up must not leave nodes behind.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return node;
  }

  /** The test run's class path without the test classes: what the application jar holds. */
  private static String applicationClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).endsWith("test-classes"))
        .reduce((a, b) -> a + File.pathSeparator + b)
        .orElseThrow()
        .replace("\\", "\\\\");
  }

  /** Waits until {@code /actuator/health} answers 200, or fails with the end of the node's log. */
  void awaitHealthy(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited while starting:\n" + tail());
      }
      try {
        HttpResponse<Void> health =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    throw new IllegalStateException(name + " not healthy after " + atMost + ":\n" + tail());
  }

  /** SIGKILL: no shutdown hook, no request finished, no connection closed politely. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The node's log so far, one line per record. */
  List<String> logLines() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tail() {
    List<String> lines = logLines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
