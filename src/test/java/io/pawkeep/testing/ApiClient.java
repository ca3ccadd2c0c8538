package io.pawkeep.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the API under test, over a real socket. */
public final class ApiClient {

  public record Response(int status, java.net.http.HttpHeaders headers, String raw) {
    public JsonNode json() {
      return raw == null || raw.isEmpty() ? JSON.createObjectNode() : JSON.readTree(raw);
    }

    public String text(String field) {
      return json().path(field).asString(null);
    }

    /** The items of one page of a list (HARD-8). */
    public JsonNode items() {
      return json().path("items");
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /**
   * A multipart/form-data body: text fields and one file part named {@code file} (the uploads of
   * documents and photos). A null file name or content type leaves that header out.
   */
  public record Multipart(
      Map<String, String> fields, String fileName, String contentType, byte[] content) {

    public Multipart {
      fields = Map.copyOf(fields);
    }

    public static Multipart file(String fileName, String contentType, byte[] content) {
      return new Multipart(Map.of(), fileName, contentType, content);
    }

    public Multipart with(String field, String value) {
      Map<String, String> more = new java.util.LinkedHashMap<>(fields);
      more.put(field, value);
      return new Multipart(more, fileName, contentType, content);
    }

    String boundary() {
      return "pawkeep-test-boundary-7d4f1c";
    }

    byte[] bytes() {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      String dash = "--" + boundary() + "\r\n";
      fields.forEach(
          (name, value) ->
              write(
                  out,
                  dash
                      + "Content-Disposition: form-data; name=\""
                      + name
                      + "\"\r\n\r\n"
                      + value
                      + "\r\n"));
      if (content != null) {
        write(
            out,
            dash
                + "Content-Disposition: form-data; name=\"file\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
                + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "\r\n");
        out.writeBytes(content);
        write(out, "\r\n");
      }
      write(out, "--" + boundary() + "--\r\n");
      return out.toByteArray();
    }

    private static void write(java.io.ByteArrayOutputStream out, String text) {
      out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String base;

  public ApiClient(int port) {
    this.base = "http://localhost:" + port;
  }

  public Response get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  /**
   * Every item of a paged list, following each page's {@code next} cursor with pages of {@code
   * limit}; fails on an error answer.
   */
  public List<JsonNode> all(String path, String token, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    String next = null;
    do {
      String page = path + separator + "limit=" + limit + (next == null ? "" : "&cursor=" + next);
      Response r = get(page, token);
      if (r.status() != 200) {
        throw new AssertionError("GET " + page + " answered " + r.status() + ": " + r.raw());
      }
      r.items().forEach(items::add);
      next = r.json().path("next").asString(null);
    } while (next != null);
    return items;
  }

  /** Every item of a paged list, in pages of the largest size. */
  public List<JsonNode> all(String path, String token) {
    return all(path, token, 200);
  }

  public Response post(String path, Object body, String token) {
    return send("POST", path, body, token, Map.of());
  }

  public Response post(String path, Object body) {
    return post(path, body, null);
  }

  public Response delete(String path, Object body, String token) {
    return send("DELETE", path, body, token, Map.of());
  }

  /** Sends a multipart upload. */
  public Response upload(String path, Multipart body, String token) {
    return send("POST", path, body, token, Map.of());
  }

  public Response send(
      String method, String path, Object body, String token, Map<String, String> headers) {
    if (body instanceof Multipart multipart) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .method(method, HttpRequest.BodyPublishers.ofByteArray(multipart.bytes()))
              .header("Content-Type", "multipart/form-data; boundary=" + multipart.boundary());
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      headers.forEach(request::header);
      return send(request);
    }
    String payload =
        body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                payload == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(payload));
    if (payload != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return send(request);
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
