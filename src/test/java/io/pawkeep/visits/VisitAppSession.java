package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport.User;
import io.pawkeep.testing.PageClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The visit app as the browser runs it: a signed-in browser session (cookie jar), reading JSON
 * routes and posting JSON with the CSRF token it fetched from {@code /visits/csrf}.
 */
final class VisitAppSession {

  static final JsonMapper JSON = JsonMapper.builder().build();

  final PageClient browser;
  private final ApiClient api;

  private final int port;

  private VisitAppSession(int port) {
    this.port = port;
    this.browser = new PageClient(port);
    this.api = new ApiClient(port);
  }

  /** A browser with no session at all. */
  static VisitAppSession stranger(int port) {
    return new VisitAppSession(port);
  }

  /** Signs {@code user} in through the sign-in page. */
  static VisitAppSession signIn(int port, User user) {
    VisitAppSession app = new VisitAppSession(port);
    app.browser.get("/sign-in");
    PageClient.Page r =
        app.browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return app;
  }

  PageClient.Page get(String path) {
    return browser.get(path, Map.of("Accept", "application/json"));
  }

  /** Today's visits; fails unless 200. */
  JsonNode data() {
    PageClient.Page r = get("/visits/data");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** A fresh CSRF token, as the app fetches before each flush. */
  String csrf() {
    PageClient.Page r = get("/visits/csrf");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("headerName").asString()).isEqualTo("X-CSRF-TOKEN");
    return body.path("token").asString();
  }

  /** Posts JSON with the session's cookies and, unless {@code token} is null, the CSRF header. */
  ApiClient.Response post(String path, Object body, String token) {
    return api.send("POST", path, body, null, headers(token));
  }

  /** Uploads a file (multipart) with the session's cookies and, unless null, the CSRF header. */
  ApiClient.Response upload(String path, ApiClient.Multipart file, String token) {
    return api.send("POST", path, file, null, headers(token));
  }

  /** Posts a form ({@code reason=...}) with the session's cookies and the CSRF header. */
  int postForm(String path, String form, String token) {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
            .header("Content-Type", "application/x-www-form-urlencoded");
    headers(token).forEach(request::header);
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> headers(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    String cookies =
        java.util.stream.Stream.of("__Host-pawkeep", "__Host-pawkeep-csrf")
            .filter(name -> browser.cookie(name).isPresent())
            .map(name -> name + "=" + browser.cookie(name).get())
            .collect(Collectors.joining("; "));
    if (!cookies.isEmpty()) {
      headers.put("Cookie", cookies);
    }
    if (token != null) {
      headers.put("X-CSRF-TOKEN", token);
    }
    return headers;
  }

  /** Posts to the sync with a fresh token, as the app's flush does. */
  ApiClient.Response sync(Object body) {
    return post("/visits/sync", body, csrf());
  }
}
