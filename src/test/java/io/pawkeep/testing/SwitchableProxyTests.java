package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy the offline browser tests put between Chromium and the application: it forwards both
 * ways, cuts open and new connections, comes back, and drops a connection in the middle of an
 * exchange exactly where a test asks, so those tests can trust what they observe.
 */
class SwitchableProxyTests {

  private HttpServer application;
  private SwitchableProxy proxy;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    application = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    application.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    application.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
          byte[] answer =
              ("answer to " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    application.start();
    proxy = SwitchableProxy.forwardingTo(application.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    proxy.close();
    application.stop(0);
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.origin() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.origin() + path))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forwardsRequestsAndAnswersAndRecordsWhatTheBrowserSent() throws Exception {
    assertThat(proxy.origin()).isEqualTo("http://localhost:" + proxy.port());
    assertThat(get("/visits").body()).isEqualTo("answer to /visits");
    assertThat(post("/visits/sync", "{\"items\":[1]}").body()).isEqualTo("answer to /visits/sync");
    assertThat(received).containsExactly("GET /visits ", "POST /visits/sync {\"items\":[1]}");
    assertThat(proxy.requests()).hasSize(2);
    assertThat(proxy.requests("POST /visits/sync")).singleElement().asString().endsWith("[1]}");

    proxy.forgetTraffic();
    get("/after");
    assertThat(proxy.requests()).singleElement().asString().startsWith("GET /after HTTP/1.1");
  }

  @Test
  void aCutResetsOpenConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
    try (Socket kept = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      kept.getOutputStream()
          .write("GET /kept HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      InputStream in = kept.getInputStream();
      assertThat(new String(in.readNBytes(15), StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.1 200 OK");

      proxy.cut();

      assertThat(proxy.isCut()).isTrue();
      kept.setSoTimeout(5_000);
      // The kept-alive connection ends at once (a reset, or the end of the stream), it does not
      // stay open until the read times out.
      assertThatCode(
              () -> {
                try {
                  while (in.read() >= 0) {
                    // the rest of the answer
                  }
                } catch (SocketException reset) {
                  // a reset is the expected end
                }
              })
          .doesNotThrowAnyException();
    }
    assertThatThrownBy(() -> get("/while-cut")).isInstanceOf(IOException.class);
    assertThat(received).containsExactly("GET /kept ");

    proxy.restore();
    assertThat(get("/restored").body()).isEqualTo("answer to /restored");
    assertThat(received).containsExactly("GET /kept ", "GET /restored ");
  }

  @Test
  void aDroppedAnswerLeavesTheWorkDoneOnTheServerAndTheBrowserWithAnErrorThenTheProxyIsCut()
      throws Exception {
    get("/before");
    SwitchableProxy.Drop drop = proxy.dropAnswerToNext("POST /visits/sync");
    assertThat(get("/visits").body()).isEqualTo("answer to /visits"); // another request passes

    assertThatThrownBy(() -> post("/visits/sync", "{\"items\":[2]}"))
        .isInstanceOf(IOException.class);

    drop.await(Duration.ofSeconds(5));
    assertThat(drop.happened()).isTrue();
    assertThat(received).contains("POST /visits/sync {\"items\":[2]}");
    assertThat(proxy.isCut()).isTrue();
    assertThatThrownBy(() -> get("/while-cut")).isInstanceOf(IOException.class);
    proxy.restore();
    assertThat(get("/again").body()).isEqualTo("answer to /again");
  }

  @Test
  void aRequestCutOffPartWayNeverReachesTheServerWhole() throws Exception {
    SwitchableProxy.Drop drop = proxy.dropRequestToNextAfter("POST /visits/sync", 40);
    String body = "{\"items\":[\"" + "x".repeat(4000) + "\"]}";

    assertThatThrownBy(() -> post("/visits/sync", body)).isInstanceOf(IOException.class);

    drop.await(Duration.ofSeconds(5));
    assertThat(received).noneMatch(r -> r.startsWith("POST /visits/sync"));
    assertThat(proxy.requests("POST /visits/sync")).singleElement().asString().hasSize(40);
    assertThat(proxy.isCut()).isTrue();
    assertThatCode(() -> proxy.dropAnswerToNext("POST")).doesNotThrowAnyException();
    assertThatThrownBy(() -> proxy.dropAnswerToNext("POST"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aThrottledProxyDelaysEachExchangeByTheRoundTripAndEachByteByTheBandwidth() throws Exception {
    get("/warm"); // a kept-alive connection, which the throttle resets
    proxy.throttle(Duration.ofMillis(300), 20_000);

    long started = System.nanoTime();
    assertThat(get("/slow").body()).isEqualTo("answer to /slow");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));

    started = System.nanoTime();
    post("/big", "x".repeat(10_000)); // 10 kB over 20 kB/s: half a second more
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(800));

    proxy.fullSpeed();
    assertThat(get("/fast").body()).isEqualTo("answer to /fast");
    assertThat(received).hasSize(4);
  }
}
