package io.pawkeep.database;

import io.pawkeep.testing.ApiClient;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to one node, or to the balancer over TLS, and signs people up the way a client does: the
 * nodes are other processes, so there is no in-process shortcut. Answers are {@link
 * ApiClient.Response}s; a request that got no answer at all throws.
 */
final class NodeClient {

  static final String PASSWORD = "tawny-otter-chases-seven-kites";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_\\-]+)");

  record User(String email, String accessToken, String refreshToken) {}

  private final String name;
  private final java.util.function.UnaryOperator<String> url;
  private final HttpClient http;

  private NodeClient(String name, java.util.function.UnaryOperator<String> url, HttpClient http) {
    this.name = name;
    this.url = url;
    this.http = http;
  }

  static NodeClient to(PawkeepNode node) {
    return new NodeClient(
        node.name(),
        node::url,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** Through the balancer, trusting only its throwaway certificate. */
  static NodeClient through(Haproxy haproxy, SSLContext trust) {
    return new NodeClient(
        "haproxy",
        haproxy::url,
        HttpClient.newBuilder()
            .sslContext(trust)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build());
  }

  String name() {
    return name;
  }

  ApiClient.Response get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  ApiClient.Response post(String path, Object body, String token) {
    return send("POST", path, body, token, Map.of());
  }

  ApiClient.Response send(
      String method, String path, Object body, String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url.apply(path)))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new ApiClient.Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " through " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Registers, confirms through the mailed link (read from {@code mail}), and signs in. */
  User signUp(String name, Path mail) {
    return signIn(register(name, mail));
  }

  /** Registers and confirms an account; returns its address. */
  String register(String name, Path mail) {
    String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    ApiClient.Response registered =
        post(
            "/api/v1/auth/register",
            Map.of("email", email, "password", PASSWORD, "displayName", "Alex Walker"),
            null);
    expect(registered, 202);
    ApiClient.Response verified =
        post("/api/v1/auth/verify-email", Map.of("token", confirmationToken(mail, email)), null);
    expect(verified, 204);
    return email;
  }

  User signIn(String email) {
    ApiClient.Response r =
        post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null);
    expect(r, 200);
    return new User(email, r.text("access_token"), r.text("refresh_token"));
  }

  static void expect(ApiClient.Response r, int status) {
    if (r.status() != status) {
      throw new AssertionError("expected " + status + " but got " + r.status() + ": " + r.raw());
    }
  }

  /** The token of the confirmation mail to {@code email}, waiting for the asynchronous mailer. */
  private static String confirmationToken(Path mail, String email) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(mail)) {
        try (Stream<Path> files = Files.list(mail)) {
          for (Path file : files.filter(p -> p.toString().endsWith(".eml")).toList()) {
            MimeMessage message = read(file);
            if (message.getAllRecipients()[0].toString().equalsIgnoreCase(email)) {
              Matcher m = TOKEN.matcher(String.valueOf(message.getContent()));
              if (m.find()) {
                return m.group(1);
              }
            }
          }
        } catch (IOException | jakarta.mail.MessagingException e) {
          throw new IllegalStateException("unreadable mail for " + email, e);
        }
      }
      PawkeepNode.sleep(50);
    }
    throw new AssertionError("no confirmation mail to " + email);
  }

  private static MimeMessage read(Path file) throws IOException, jakarta.mail.MessagingException {
    try (InputStream in = Files.newInputStream(file)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }
}
