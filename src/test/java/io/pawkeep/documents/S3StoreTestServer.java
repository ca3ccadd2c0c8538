package io.pawkeep.documents;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3-compatible server for the tests: Adobe S3Mock's standalone jar (a test dependency,
 * never loaded in this JVM) started in its own JVM with the running JVM's {@code java}, on a free
 * port, its files in a temporary folder removed when it stops.
 *
 * <p>The test classes share one server ({@link #shared()}: it takes seconds to start) and each
 * takes an empty bucket of its own on it ({@link #newBucket()}), so no class sees another's
 * objects.
 */
public final class S3StoreTestServer implements AutoCloseable {

  public static final String BUCKET = "pawkeep-test";

  private static S3StoreTestServer shared;

  private final Process process;
  private final Path folder;
  private final URI endpoint;

  private S3StoreTestServer(Process process, Path folder, URI endpoint) {
    this.process = process;
    this.folder = folder;
    this.endpoint = endpoint;
  }

  public static S3StoreTestServer start() throws Exception {
    Path folder = Files.createTempDirectory("s3mock");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                serverJar(),
                "--server.port=0",
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.domain.initialBuckets=" + BUCKET,
                "--com.adobe.testing.s3mock.domain.root=" + folder.resolve("data"),
                "--spring.main.banner-mode=off")
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("server.log").toFile())
            .start();
    S3StoreTestServer server =
        new S3StoreTestServer(process, folder, URI.create("http://localhost:" + port));
    try {
      server.awaitUp();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * The server of the test run: started by the first class that asks, stopped when the test JVM
   * exits.
   */
  public static synchronized S3StoreTestServer shared() throws Exception {
    if (shared == null || !shared.process.isAlive()) {
      S3StoreTestServer started = start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      shared = started;
    }
    return shared;
  }

  /** Creates a new, empty bucket on this server (S3's CreateBucket) and returns its name. */
  public String newBucket() throws IOException, InterruptedException {
    String name = "pawkeep-test-" + UUID.randomUUID();
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.resolve("/" + name))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 200) {
      throw new IllegalStateException(
          "S3Mock did not create bucket " + name + ": " + created.statusCode() + created.body());
    }
    return name;
  }

  /** Where the server answers (path-style, bucket {@link #BUCKET}). */
  public URI endpoint() {
    return endpoint;
  }

  /** A store on this server's bucket. S3Mock accepts any credentials; these name no account. */
  S3Store store() {
    return store(BUCKET);
  }

  /** A store on {@code bucket} of this server. */
  S3Store store(String bucket) {
    return new S3Store(
        new ObjectStoreProperties.S3(
            endpoint, "us-east-1", bucket, "s3mock-test", "s3mock-test-secret", true));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary folder: the system cleans it up eventually
    }
  }

  private static String serverJar() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.contains("s3mock") && entry.endsWith("-exec.jar"))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("S3Mock's standalone jar is not a test dependency"));
  }

  private void awaitUp() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Mock stopped: " + Files.readString(folder.resolve("server.log")));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("S3Mock did not start within 2 minutes");
  }
}
