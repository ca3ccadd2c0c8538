package io.pawkeep.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A tiny web server on the loopback address serving fixed pages with chosen headers, for the tests
 * of the browser harness itself (a page that breaks its CSP, a field without a label). It stays out
 * of the application, so the application's routes and its tests' shared context are untouched.
 */
final class TestPages implements AutoCloseable {

  /** A page: its headers (a name may repeat, as Set-Cookie does) and its body. */
  record Page(String contentType, List<Map.Entry<String, String>> headers, String body) {
    static Page html(String body, List<Map.Entry<String, String>> headers) {
      return new Page("text/html; charset=utf-8", headers, body);
    }
  }

  private final HttpServer server;

  TestPages(Map<String, Page> pages) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          Page page = pages.get(path);
          if (path.equals("/echo-cookies")) {
            String cookies = exchange.getRequestHeaders().getFirst("Cookie");
            page =
                Page.html(document("Cookies", "<p id=\"cookies\">" + cookies + "</p>"), List.of());
          }
          byte[] body = (page == null ? "Not found" : page.body()).getBytes(StandardCharsets.UTF_8);
          if (page != null) {
            exchange.getResponseHeaders().add("Content-Type", page.contentType());
            page.headers()
                .forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
          }
          exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /**
   * An accessible page around {@code main} (language, title, one h1 inside a main landmark), laid
   * out for the device's width as a phone lays out the application's pages.
   */
  static String document(String title, String main) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title></head>
        <body><main><h1>%s</h1>%s</main></body></html>
        """
        .formatted(title, title, main);
  }

  /** {@code http://localhost:<port><path>}. */
  String url(String path) {
    return "http://localhost:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
