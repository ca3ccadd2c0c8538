package io.pawkeep.security;

import io.pawkeep.tenancy.ApiKeyIdentity;
import io.pawkeep.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: ApiKey <secret>}. A malformed key gets the one generic 401, like a
 * bad token; a well-formed one becomes the request's identity, checked by the database before
 * anything is served.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String SCHEME = "ApiKey ";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      chain.doFilter(request, response);
      return;
    }
    Optional<ApiKeySecrets.Presented> key =
        ApiKeySecrets.parse(header.substring(SCHEME.length()).strip());
    if (key.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer");
      Problems.write(response, Problems.unauthorized());
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        new ApiKeyAuthentication(new ApiKeyIdentity(key.get().keyId(), key.get().hash())));
    SecurityContextHolder.setContext(context);
    chain.doFilter(request, response);
  }
}
