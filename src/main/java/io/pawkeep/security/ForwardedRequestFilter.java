package io.pawkeep.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * The one place that reads {@code X-Forwarded-For} and {@code X-Forwarded-Proto} (AUTH-5, HARD-1):
 * everything after it (rate limits, lockouts, audit, HSTS) sees the client's address and scheme as
 * {@link TrustedProxies} decides them, through the request's own remote address and scheme.
 */
final class ForwardedRequestFilter implements Filter {

  private final TrustedProxies proxies;

  ForwardedRequestFilter(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http) {
      String peer = http.getRemoteAddr();
      String client = proxies.clientAddress(peer, values(http, "X-Forwarded-For"));
      boolean tls =
          http.isSecure() || proxies.forwardedOverTls(peer, values(http, "X-Forwarded-Proto"));
      chain.doFilter(new ForwardedRequest(http, client, tls), response);
      return;
    }
    chain.doFilter(request, response);
  }

  private static List<String> values(HttpServletRequest request, String header) {
    var values = request.getHeaders(header);
    return values == null ? List.of() : Collections.list(values);
  }

  private static final class ForwardedRequest extends HttpServletRequestWrapper {

    private final String client;
    private final boolean tls;

    ForwardedRequest(HttpServletRequest request, String client, boolean tls) {
      super(request);
      this.client = client;
      this.tls = tls;
    }

    @Override
    public String getRemoteAddr() {
      return client;
    }

    @Override
    public String getRemoteHost() {
      return client;
    }

    @Override
    public boolean isSecure() {
      return tls;
    }

    @Override
    public String getScheme() {
      return tls ? "https" : super.getScheme();
    }
  }
}
