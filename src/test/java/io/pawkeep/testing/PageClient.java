package io.pawkeep.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser, for page tests over a real socket: it keeps cookies as a browser
 * does (also the {@code Secure} ones, the test server being plain HTTP on localhost), follows no
 * redirect, and posts forms with the CSRF token of the last page it read.
 */
public final class PageClient {

  private static final Pattern CSRF_META =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One answer, with the raw {@code Set-Cookie} headers it carried. */
  public record Page(int status, HttpHeaders headers, String body) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String location() {
      return header("Location");
    }

    /** The raw {@code Set-Cookie} header for {@code name}, if the answer set or cleared it. */
    public Optional<String> setCookie(String name) {
      return headers.allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith(name + "="))
          .findFirst();
    }

    /** The CSRF token the page's layout hands to forms and htmx. */
    public Optional<String> csrfToken() {
      Matcher m = CSRF_META.matcher(body);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
  }

  private final String base;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final Set<String> sessionCookies = new HashSet<>();
  private String csrf;

  public PageClient(int port) {
    this.base = "http://localhost:" + port;
  }

  public Page get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Page get(String path, Map<String, String> headers) {
    return send("GET", path, null, headers);
  }

  /** Posts a form with the CSRF token of the last page read, as the page's form would. */
  public Page post(String path, Map<String, String> form) {
    Map<String, String> fields = new LinkedHashMap<>(form);
    if (csrf != null) {
      fields.putIfAbsent("_csrf", csrf);
    }
    return postExactly(path, fields);
  }

  /** Posts exactly these fields: a forged form has no CSRF token. */
  public Page postExactly(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send("POST", path, body, Map.of());
  }

  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  public void setCookie(String name, String value) {
    cookies.put(name, value);
  }

  /** What closing the browser does: cookies without an expiry are gone. */
  public void closeBrowser() {
    sessionCookies.forEach(cookies::remove);
    sessionCookies.clear();
  }

  public Page send(String method, String path, String form, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", "text/html,application/xhtml+xml")
            .method(
                method,
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Page page = new Page(response.statusCode(), response.headers(), response.body());
      keep(response.headers().allValues("Set-Cookie"));
      page.csrfToken().ifPresent(token -> csrf = token);
      return page;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void keep(List<String> setCookies) {
    for (String header : setCookies) {
      String[] parts = header.split(";");
      int eq = parts[0].indexOf('=');
      String name = parts[0].substring(0, eq).trim();
      String value = parts[0].substring(eq + 1).trim();
      String attributes = header.toLowerCase(java.util.Locale.ROOT);
      if (attributes.contains("max-age=0") || value.isEmpty()) {
        cookies.remove(name);
        sessionCookies.remove(name);
        continue;
      }
      cookies.put(name, value);
      if (attributes.contains("max-age=") || attributes.contains("expires=")) {
        sessionCookies.remove(name);
      } else {
        sessionCookies.add(name);
      }
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
