package io.pawkeep.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In production the metrics endpoint answers 404 on the public port (HARD-7): it counts requests,
 * users and errors, which is nobody's business outside the monitoring network. With {@code
 * management.server.port} set, the actuator moves to that port, whose server this filter is not
 * part of, and the scrape reaches it there.
 */
final class MetricsOnManagementPort extends OncePerRequestFilter {

  private final String metricsPath;

  MetricsOnManagementPort(String actuatorBasePath) {
    this.metricsPath = actuatorBasePath + "/prometheus";
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // The servlet path is the container's decoded, normalised path, without path parameters.
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.equals(metricsPath) || path.startsWith(metricsPath + "/")) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    chain.doFilter(request, response);
  }
}
