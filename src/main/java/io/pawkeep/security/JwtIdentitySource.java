package io.pawkeep.security;

import io.pawkeep.tenancy.ApiKeyIdentity;
import io.pawkeep.tenancy.BrowserSession;
import io.pawkeep.tenancy.RequestIdentity;
import io.pawkeep.tenancy.RequestIdentitySource;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The request identity comes from the verified access token of the current request, from the API
 * key it carries instead, or on pages from the browser session its cookie names (SESS-5), once the
 * request's first transaction found that session live.
 */
@Component
class JwtIdentitySource implements RequestIdentitySource {

  @Override
  public Optional<RequestIdentity> current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
      Jwt jwt = token.getToken();
      return Optional.of(
          new RequestIdentity(
              UUID.fromString(jwt.getSubject()),
              UUID.fromString(jwt.getClaimAsString("sid")),
              jwt.getIssuedAt()));
    }
    if (authentication instanceof WebSessionAuthentication web) {
      return web.identity();
    }
    return Optional.empty();
  }

  @Override
  public Optional<BrowserSession> browserSession() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof WebSessionAuthentication web) {
      return Optional.of(web.session());
    }
    return Optional.empty();
  }

  @Override
  public Optional<ApiKeyIdentity> apiKey() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof ApiKeyAuthentication key && key.isAuthenticated()) {
      return Optional.of(key.identity());
    }
    return Optional.empty();
  }
}
