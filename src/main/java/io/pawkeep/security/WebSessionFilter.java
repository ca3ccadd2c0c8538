package io.pawkeep.security;

import io.pawkeep.tenancy.RequestIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds the browser session a page request's {@code __Host-pawkeep} cookie names (SESS-5). It only
 * names one: whether the session is still live (not signed out, not idle or past its absolute
 * expiry, its account active and its sessions not invalidated since) is decided by the database's
 * identity check when the request's transaction begins ({@link RequestTransactionFilter}). Static
 * files carry the cookie too but need no identity, so they cost no database round trip; the sign-in
 * pages run as nobody, so an ended session's cookie never stands in the way of signing in again.
 */
final class WebSessionFilter extends OncePerRequestFilter {

  private final JdbcClient jdbc;

  WebSessionFilter(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

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
      find(WebSessionCookie.hash(secret.get()))
          .ifPresent(
              authentication -> {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(authentication);
                SecurityContextHolder.setContext(context);
              });
    }
    chain.doFilter(request, response);
  }

  private Optional<WebSessionAuthentication> find(byte[] secretHash) {
    return jdbc.sql(
            "select user_id, session_id, created_at, mfa from pawkeep_find_web_session(:hash)")
        .param("hash", secretHash)
        .query(
            (rs, n) ->
                new WebSessionAuthentication(
                    new RequestIdentity(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant()),
                    rs.getBoolean(4)))
        .optional();
  }
}
