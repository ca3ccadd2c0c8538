package io.pawkeep.bench;

import io.pawkeep.documents.DocumentsBenchmarkPhoto;
import io.pawkeep.documents.Thumbnails;
import io.pawkeep.documents.UploadCheck;
import io.pawkeep.documents.UploadCheckResult.Accepted;
import io.pawkeep.security.AccessTokens;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The application under load for {@code bench/documents-load.sh} ({@link BenchServer}): the
 * households, owners and pets of {@link PetsLoadServer}; writes the 5 MiB benchmark photo ({@link
 * DocumentsBenchmarkPhoto}) to {@code <data-dir>/bench/photo.jpg}, {@code documents-target.tsv}
 * (household 1's first pet and its owner's access token) and {@code library.tsv}: the in-process
 * cost of the upload check and the thumbnail of that photo, timed {@code BENCH_ROUNDS} times on the
 * application's own {@link UploadCheck} before any request, so the script can set the endpoint
 * times beside them.
 *
 * <p>With {@code PAWKEEP_DOCUMENTS_STORE=s3} in the environment, Adobe S3Mock's standalone jar (a
 * test dependency) is started first in its own JVM on a free port and Pawkeep is pointed at it; it
 * is stopped when this JVM stops.
 */
final class DocumentsLoadServer {

  private static final String BUCKET = "pawkeep-bench";

  private DocumentsLoadServer() {}

  public static void main(String[] args) throws Exception {
    List<String> arguments = new ArrayList<>(List.of(args));
    if ("s3".equalsIgnoreCase(System.getenv("PAWKEEP_DOCUMENTS_STORE"))) {
      arguments.addAll(startS3Mock());
    }
    int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "20"));
    BenchServer.serve(
        arguments.toArray(String[]::new),
        server -> {
          server.seed(PetsLoadServer::seed);
          String token =
              server
                  .bean(AccessTokens.class)
                  .issue(PetsLoadServer.id("8001", 1), PetsLoadServer.id("8002", 1), false)
                  .value();
          Path out = Path.of(server.context().getEnvironment().getProperty("pawkeep.data-dir"));
          Path photo = out.resolve("bench/photo.jpg");
          Files.createDirectories(photo.getParent());
          DocumentsBenchmarkPhoto.main(new String[] {photo.toString()});
          server.ready(
              Map.of(
                  "documents-target.tsv",
                  List.of(PetsLoadServer.id("8003", 11) + "\t" + token),
                  "library.tsv",
                  library(server.bean(UploadCheck.class), Files.readAllBytes(photo), rounds)));
        });
  }

  /**
   * {@code check} and {@code thumbnail} lines, each followed by the milliseconds of every round
   * (after two rounds not counted, to load the classes), tab-separated.
   */
  private static List<String> library(UploadCheck check, byte[] photo, int rounds)
      throws Exception {
    List<Long> checks = new ArrayList<>();
    List<Long> thumbnails = new ArrayList<>();
    for (int round = -2; round < rounds; round++) {
      long start = System.nanoTime();
      if (!(check.check("image/jpeg", "photo.jpg", new ByteArrayInputStream(photo))
          instanceof Accepted accepted)) {
        throw new IllegalStateException("the benchmark photo is refused");
      }
      long checked = System.nanoTime();
      if (Thumbnails.of(accepted.type(), accepted.content()).isEmpty()) {
        throw new IllegalStateException("the benchmark photo has no thumbnail");
      }
      long done = System.nanoTime();
      if (round >= 0) {
        checks.add(checked - start);
        thumbnails.add(done - checked);
      }
    }
    return List.of(line("check", checks), line("thumbnail", thumbnails));
  }

  private static String line(String name, List<Long> nanos) {
    return Stream.concat(
            Stream.of(name), nanos.stream().map(n -> "%.3f".formatted(n / 1e6).replace(',', '.')))
        .reduce((a, b) -> a + "\t" + b)
        .orElseThrow();
  }

  /**
   * Starts S3Mock (its files in a temporary folder, removed on exit) and answers the arguments that
   * point Pawkeep at it. S3Mock accepts any credentials; these name no account.
   */
  private static List<String> startS3Mock() throws Exception {
    String jar =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> entry.contains("s3mock") && entry.endsWith("-exec.jar"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("S3Mock's jar is not on the class path"));
    Path folder = Files.createTempDirectory("s3mock-bench");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // The same settings as the tests' S3Mock (S3StoreTestServer): a small JVM, C1 only.
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar,
                "--server.port=0",
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.domain.initialBuckets=" + BUCKET,
                "--com.adobe.testing.s3mock.domain.root=" + folder.resolve("data"),
                "--spring.main.banner-mode=off")
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("server.log").toFile())
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.destroy();
                  try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                      process.destroyForcibly();
                    }
                    try (Stream<Path> files = Files.walk(folder)) {
                      files
                          .sorted((a, b) -> b.compareTo(a))
                          .map(Path::toFile)
                          .forEach(File::delete);
                    }
                  } catch (Exception e) {
                    // a temporary folder: the system cleans it up eventually
                  }
                }));
    URI endpoint = URI.create("http://localhost:" + port);
    awaitUp(process, endpoint);
    return List.of(
        "--pawkeep.documents.store=s3",
        "--pawkeep.documents.s3.endpoint=" + endpoint,
        "--pawkeep.documents.s3.bucket=" + BUCKET,
        "--pawkeep.documents.s3.access-key-id=s3mock-bench",
        "--pawkeep.documents.s3.secret-access-key=s3mock-bench-secret");
  }

  private static void awaitUp(Process process, URI endpoint) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock stopped (its log is in the temporary folder)");
      }
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("S3Mock did not start within 2 minutes");
  }
}
