package io.pawkeep.documents;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A download link's token is in its path (FILE-3), so an access log (off by default; {@code
 * server.tomcat.accesslog.enabled}) must never write the path as sent. This filter puts the path
 * with any token replaced into a request attribute, and {@link Patterns} makes the access log write
 * that attribute wherever its pattern asked for the request line ({@code %r}) or the path ({@code
 * %U}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DownloadAccessLog extends OncePerRequestFilter {

  /** The request attribute holding the path as it may be logged. */
  static final String LOGGED_PATH = "pawkeep.logged-path";

  static String loggedPath(String uri) {
    return uri != null && uri.startsWith(DownloadLinks.PATH) ? DownloadLinks.PATH + "{token}" : uri;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    request.setAttribute(LOGGED_PATH, loggedPath(request.getRequestURI()));
    chain.doFilter(request, response);
  }

  /** Rewrites the pattern of every access log Tomcat was given, after Spring Boot made them. */
  @Component
  static class Patterns implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatWebServerFactory factory) {
      factory.getEngineValves().forEach(Patterns::redact);
      factory.getContextValves().forEach(Patterns::redact);
    }

    private static void redact(Object valve) {
      if (valve instanceof AbstractAccessLogValve log && log.getPattern() != null) {
        log.setPattern(redacted(log.getPattern()));
      }
    }

    static String redacted(String pattern) {
      String path = "%{" + LOGGED_PATH + "}r";
      return pattern.replace("%r", "%m " + path + " %H").replace("%U", path);
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
