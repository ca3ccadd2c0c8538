package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * The matrix engine fails a cell whose status differs from the table's, and a 404 that differs in
 * any way (body or header) from the answer to the same request with a random id: a server that
 * hides a thing badly is caught. Runs against a small stand-in server, not the application.
 */
class AccessMatrixTests {

  private static final String KNOWN = "7b0c1c52-3a8e-4c55-9a55-2f0e4e0b8c11";
  private static final String TABLE =
      """
      | method | path          | body | insider | outsider |
      | GET    | /things/{thing} |    | 200     | 404      |
      """;

  private HttpServer server;
  private ApiClient api;
  private volatile String leak = "";

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    api = new ApiClient(server.getAddress().getPort());
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void aCellPassesWhenEveryAnswerIsAsTheTableSaysAndA404LooksMissing() {
    assertThat(failures(matrix(TABLE))).isEmpty();
  }

  @Test
  void aCellFailsWhenTheStatusDiffersFromTheTable() {
    String table = TABLE.replace("| 200     | 404      |", "| 200     | 403      |");
    assertThat(failures(matrix(table))).containsExactly("GET /things/{thing} as outsider -> 403");
  }

  @Test
  void a404WhoseBodyDiffersFromAMissingIdsFails() {
    leak = "body";
    assertThat(failures(matrix(TABLE))).containsExactly("GET /things/{thing} as outsider -> 404");
  }

  @Test
  void a404WhoseHeadersDifferFromAMissingIdsFails() {
    leak = "header";
    assertThat(failures(matrix(TABLE))).containsExactly("GET /things/{thing} as outsider -> 404");
  }

  @Test
  void twoRoutesWhose404sDifferFailWhenEveryNotFoundMustBeAlike() {
    String table = TABLE + "| GET | /others/{thing} | | 200 | 404 |\n";
    assertThat(failures(matrix(table))).isEmpty();
    assertThat(failures(matrix(table).everyNotFoundAlike()))
        .containsExactly("GET /others/{thing} as outsider -> 404");
  }

  @Test
  void aTableThatLacksAnIdBodyOrCallerIsRefusedBeforeAnyRequest() {
    String table = TABLE + "| POST | /things/{other} | gift | 200 | 404 |\n";
    assertThatThrownBy(() -> matrix(table).tests(api))
        .hasMessageContaining("id {other}")
        .hasMessageContaining("body gift");
    assertThatThrownBy(() -> AccessMatrix.of(TABLE).id("thing", KNOWN).tests(api))
        .hasMessageContaining("caller insider");
    assertThatThrownBy(() -> AccessMatrix.of(TABLE + "| GET | /x | | 200 |\n"))
        .hasMessageContaining("Expected 5 columns");
    assertThatThrownBy(() -> AccessMatrix.of(TABLE + "| GET | /x | | 200 | ok |\n"))
        .hasMessageContaining("Not a status");
  }

  @Test
  void theCellCountIsRoutesTimesCallers() {
    assertThat(matrix(TABLE + "| GET | /others/{thing} | | 200 | 404 |\n").cells()).isEqualTo(4);
  }

  private AccessMatrix matrix(String table) {
    return AccessMatrix.of(table)
        .caller("insider", "insider")
        .caller("outsider", "outsider")
        .id("thing", KNOWN);
  }

  /** Runs every cell; answers the names of those that failed. */
  private List<String> failures(AccessMatrix matrix) {
    List<String> failed = new ArrayList<>();
    run(matrix.tests(api), failed);
    return failed;
  }

  private static void run(Stream<? extends DynamicNode> nodes, List<String> failed) {
    nodes.forEach(
        node -> {
          if (node instanceof DynamicContainer container) {
            run(container.getChildren(), failed);
          } else if (node instanceof DynamicTest test) {
            try {
              test.getExecutable().execute();
            } catch (AssertionError e) {
              failed.add(test.getDisplayName());
            } catch (Throwable e) {
              throw new IllegalStateException(e);
            }
          }
        });
  }

  /**
   * The insider sees a known thing; everyone else gets 404. With {@link #leak} set, the 404 for a
   * thing that exists gives it away in its body or a header.
   */
  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String token = exchange.getRequestHeaders().getFirst("Authorization");
    boolean known = path.endsWith(KNOWN);
    String detail = path.startsWith("/others/") ? "No such other." : "No such thing.";
    int status = 404;
    String body =
        "{\"title\":\"Not Found\",\"status\":404,\"detail\":\""
            + detail
            + "\",\"instance\":\""
            + path
            + "\"}";
    if (known && "Bearer insider".equals(token)) {
      status = 200;
      body = "{\"id\":\"" + KNOWN + "\"}";
    } else if (known && leak.equals("body")) {
      body = body.replace("No such thing.", "Not yours.");
    } else if (known && leak.equals("header")) {
      exchange.getResponseHeaders().add("Cache-Control", "private");
    }
    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
