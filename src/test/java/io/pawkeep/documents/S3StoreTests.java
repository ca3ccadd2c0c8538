package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 store (FILE-2) against a real S3-compatible server: Adobe S3Mock's standalone server,
 * started here in its own JVM (the running JVM's {@code java}) on a free port, its files in a
 * temporary folder; path-style addressing and an endpoint override, as with any service other than
 * AWS.
 */
class S3StoreTests {

  private static final String BUCKET = "pawkeep-test";

  private static Process server;
  private static Path folder;
  private static S3Store store;

  @BeforeAll
  static void startServer() throws Exception {
    folder = Files.createTempDirectory("s3mock");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server =
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
    URI endpoint = URI.create("http://localhost:" + port);
    awaitUp(endpoint);
    // S3Mock accepts any credentials; these name no real account.
    store =
        new S3Store(
            new ObjectStoreProperties.S3(
                endpoint, "us-east-1", BUCKET, "s3mock-test", "s3mock-test-secret", true));
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    if (folder != null) {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a temporary folder: the system cleans it up eventually
      }
    }
  }

  @Test
  void fiveMebibytesStreamIntoTheBucketAndBackUntilDeleted() throws Exception {
    long size = 5L * 1024 * 1024;
    String key = ObjectStore.newKey();
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    long start = System.nanoTime();
    store.put(key, new DigestInputStream(FileCipherTests.generated(size), written), size);
    long stored = System.nanoTime();

    assertThat(store.exists(key)).isTrue();
    MessageDigest read = MessageDigest.getInstance("SHA-256");
    long count;
    try (InputStream in = new DigestInputStream(store.get(key), read)) {
      count = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    long done = System.nanoTime();
    assertThat(count).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(read.digest()))
        .isEqualTo(HexFormat.of().formatHex(written.digest()));

    assertThat(store.delete(key)).isTrue();
    assertThat(store.exists(key)).isFalse();
    assertThat(store.delete(key)).isFalse();
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(NoSuchFileException.class);
    System.out.printf(
        "5 MiB S3: store %d ms, read %d ms%n",
        (stored - start) / 1_000_000, (done - stored) / 1_000_000);
  }

  @Test
  void keysThatAreNotServerGeneratedUuidsAreRefusedBeforeAnyRequest() {
    String uuid = ObjectStore.newKey();
    List<String> hostile =
        Arrays.asList(
            null,
            "",
            "../" + uuid,
            uuid + "/../other",
            "/" + uuid,
            uuid.toUpperCase(Locale.ROOT),
            uuid + "?versionId=1",
            uuid.substring(0, 8));
    for (String key : hostile) {
      assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(new byte[] {1}), 1))
          .as("put %s", key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.exists(key)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anUploadWhoseStreamFailsLeavesNothingInTheBucket() throws IOException {
    String key = ObjectStore.newKey();
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(LocalFolderStoreTests.random(300_000)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset");
              }
            });

    assertThatThrownBy(() -> store.put(key, failing, 600_000)).isInstanceOf(IOException.class);
    assertThat(store.exists(key)).isFalse();
  }

  private static String serverJar() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.contains("s3mock") && entry.endsWith("-exec.jar"))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("S3Mock's standalone jar is not a test dependency"));
  }

  private static void awaitUp(URI endpoint) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
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
