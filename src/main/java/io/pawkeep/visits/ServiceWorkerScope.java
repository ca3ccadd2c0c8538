package io.pawkeep.visits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The visit app's service worker ({@code /visits/sw.js}, a static file) may control {@code /visits}
 * itself, not only what lies below {@code /visits/}, and nothing outside it; a new version is
 * fetched on each check (browsers cap a worker's cache at 24 hours anyway).
 */
@Component
class ServiceWorkerScope extends OncePerRequestFilter {

  static final String PATH = "/visits/sw.js";

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !PATH.equals(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Service-Worker-Allowed", "/visits");
    response.setHeader("Cache-Control", "no-cache");
    chain.doFilter(request, response);
  }
}
