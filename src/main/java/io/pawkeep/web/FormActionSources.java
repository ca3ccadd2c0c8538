package io.pawkeep.web;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;

/**
 * Lets one page's forms also lead to other origins (HARD-2): a form whose POST answers a redirect
 * to a payment provider needs the provider's origin in {@code form-action}, because Chromium checks
 * the redirect's target against the policy of the page that sent the form. Only the page that shows
 * such a form widens its own policy; every other page keeps {@code form-action 'self'}.
 */
public final class FormActionSources {

  private static final String HEADER = "Content-Security-Policy";
  private static final String DIRECTIVE = "form-action 'self'";

  private FormActionSources() {}

  /** Adds {@code origins} (scheme, host and port only) to this response's form-action. */
  public static void allow(HttpServletResponse response, Collection<URI> origins) {
    String policy = response.getHeader(HEADER);
    if (policy == null || origins.isEmpty() || !policy.contains(DIRECTIVE)) {
      return;
    }
    StringBuilder sources = new StringBuilder(DIRECTIVE);
    for (URI origin : origins) {
      sources.append(' ').append(origin(origin));
    }
    response.setHeader(HEADER, policy.replace(DIRECTIVE, sources.toString()));
  }

  /** {@code https://host[:port]}; anything else (a path, a query, a wildcard) is refused. */
  static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    boolean bare =
        (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
            && uri.getQuery() == null
            && uri.getFragment() == null
            && uri.getUserInfo() == null;
    if (!(scheme.equals("https") || scheme.equals("http"))
        || host == null
        || !host.matches("[A-Za-z0-9.-]+")
        || !bare) {
      throw new IllegalArgumentException("Not an origin: " + uri);
    }
    return scheme
        + "://"
        + host.toLowerCase(Locale.ROOT)
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
