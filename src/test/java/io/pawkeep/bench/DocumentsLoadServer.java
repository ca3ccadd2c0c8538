package io.pawkeep.bench;

import io.pawkeep.documents.DocumentsBenchmarkPhoto;
import io.pawkeep.documents.S3StoreTestServer;
import io.pawkeep.documents.Thumbnails;
import io.pawkeep.documents.UploadCheck;
import io.pawkeep.documents.UploadCheckResult.Accepted;
import io.pawkeep.security.AccessTokens;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
   * Starts S3Mock as the tests do (stopped on exit) and answers the arguments that point Pawkeep at
   * it. S3Mock accepts any credentials; these name no account.
   */
  private static List<String> startS3Mock() throws Exception {
    S3StoreTestServer s3 = S3StoreTestServer.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    s3.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    return List.of(
        "--pawkeep.documents.store=s3",
        "--pawkeep.documents.s3.endpoint=" + s3.endpoint(),
        "--pawkeep.documents.s3.bucket=" + S3StoreTestServer.BUCKET,
        "--pawkeep.documents.s3.access-key-id=s3mock-bench",
        "--pawkeep.documents.s3.secret-access-key=s3mock-bench-secret");
  }
}
