package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * AVAIL-5: an answer leaves only after its transaction committed, and the connection is back in the
 * pool before a slow client reads it.
 */
@TestPropertySource(properties = "pawkeep.database.max-pool-size=10")
@Import(AnswerAfterCommitTests.LargeAnswers.class)
class AnswerAfterCommitTests extends ApiTestSupport {

  private static final int POOL = 10;
  private static final int SLOW_READERS = 2 * POOL;
  // Larger than the socket buffers on both sides (Linux grows a send buffer up to 4 MB).
  private static final int LARGE = 8 * 1024 * 1024;
  // Larger than the container's output buffer (8 KB), which is flushed once full.
  private static final int BIGGER_THAN_THE_OUTPUT_BUFFER = 256 * 1024;

  @Test
  void aFailedCommitNeverReachesTheClientAsSuccess() throws Exception {
    User user = signedInUser("commit");
    try (Socket socket = rawGet("/api/v1/test/fails-at-commit", user.accessToken(), 0)) {
      InputStream in = socket.getInputStream();
      assertThat(readLine(in)).startsWith("HTTP/1.1 500");
      assertThat(headers(in)).contains("Content-Type: application/problem+json");
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("incident")
          .doesNotContain("filler");
    }
  }

  @Test
  void slowReadersOfLargeAnswersDoNotStarveOtherRequestsOfConnections() throws Exception {
    User user = signedInUser("slow");
    List<Socket> readers = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW_READERS; i++) {
        readers.add(rawGet("/api/v1/test/large", user.accessToken(), 4096));
      }
      // Each reader has its status line (so its request was served) and reads nothing more.
      for (Socket reader : readers) {
        assertThat(readLine(reader.getInputStream())).startsWith("HTTP/1.1 200");
      }
      HttpResponse<String> me =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me"))
                      .header("Authorization", "Bearer " + user.accessToken())
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(me.statusCode()).isEqualTo(200);
      // The held answer is still whole once its reader reads on.
      InputStream first = readers.getFirst().getInputStream();
      headers(first);
      assertThat(first.readAllBytes().length).isGreaterThan(LARGE);
    } finally {
      for (Socket reader : readers) {
        reader.close();
      }
    }
  }

  private Socket rawGet(String path, String token, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("localhost", port), 5_000);
    socket.setSoTimeout(30_000);
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + token
            + "\r\nConnection: close\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  private static List<String> headers(InputStream in) throws IOException {
    List<String> headers = new ArrayList<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      headers.add(line);
    }
    return headers;
  }

  /** Reads one line byte by byte, so nothing beyond it is taken from the socket. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().strip();
  }

  /** Answers larger than every buffer, served inside the request's transaction. */
  @TestConfiguration(proxyBeanMethods = false)
  @RestController
  static class LargeAnswers {

    private final JdbcClient jdbc;

    LargeAnswers(JdbcClient jdbc) {
      this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/test/large")
    Map<String, Object> large() {
      return Map.of(
          "now",
          jdbc.sql("select now()").query(Object.class).single(),
          "filler",
          "x".repeat(LARGE));
    }

    /**
     * The commit fails after the handler returned, as a deferred constraint, a serialization
     * failure or a lost connection would make it fail.
     */
    @GetMapping("/api/v1/test/fails-at-commit")
    Map<String, Object> failsAtCommit() {
      jdbc.sql("select 1").query(Integer.class).single();
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              throw new TransactionSystemException("the database refused the commit");
            }
          });
      return Map.of("filler", "x".repeat(BIGGER_THAN_THE_OUTPUT_BUFFER));
    }
  }
}
