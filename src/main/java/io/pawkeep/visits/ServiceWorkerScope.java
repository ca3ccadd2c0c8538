package io.pawkeep.visits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the visit app's service worker, served from {@code /visits/sw.js}, control {@code /visits}
 * itself (Today) as well as {@code /visits/...}: a worker's scope may not reach above its folder
 * unless the script is answered with this header. Nothing else gets it.
 */
@Component
class ServiceWorkerScope extends OncePerRequestFilter {

  static final String SCRIPT = "/visits/sw.js";

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !SCRIPT.equals(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Service-Worker-Allowed", "/visits");
    chain.doFilter(request, response);
  }
}
