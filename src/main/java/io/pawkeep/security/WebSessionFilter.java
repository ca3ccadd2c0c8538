package io.pawkeep.security;

import io.pawkeep.tenancy.BrowserSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the browser session a page request's {@code __Host-pawkeep} cookie names (SESS-5), without
 * a database round trip: the request's transaction ({@link RequestTransactionFilter}) finds the
 * session and decides whether it is still live (not signed out, not idle or past its absolute
 * expiry, its account active and its sessions not invalidated since) in the one statement that
 * begins it, and refuses the request otherwise, so a cookie that names no live session is sent to
 * sign in with its cookie cleared. Static files carry the cookie too but need no identity; the
 * sign-in pages run as nobody, so an ended session's cookie never stands in the way of signing in
 * again.
 */
final class WebSessionFilter extends OncePerRequestFilter {

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return WebPaths.isStatic(uri) || WebPaths.isAnonymous(uri);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> secret = WebSessionCookie.read(request);
    if (secret.isPresent()) {
      SecurityContext context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(
          new WebSessionAuthentication(new BrowserSession(WebSessionCookie.hash(secret.get()))));
      SecurityContextHolder.setContext(context);
    }
    chain.doFilter(request, response);
  }
}
