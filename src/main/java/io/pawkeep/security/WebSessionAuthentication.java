package io.pawkeep.security;

import io.pawkeep.tenancy.RequestIdentity;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request made with a browser session's cookie (SESS-5). Authenticated only in the sense that the
 * cookie names a session: the database's identity check at the start of the request's transaction
 * decides whether that session is still live, exactly as for an access token.
 */
final class WebSessionAuthentication extends AbstractAuthenticationToken {

  private final RequestIdentity identity;
  private final boolean secondFactor;

  WebSessionAuthentication(RequestIdentity identity, boolean secondFactor) {
    super(List.of());
    this.identity = identity;
    this.secondFactor = secondFactor;
    setAuthenticated(true);
  }

  RequestIdentity identity() {
    return identity;
  }

  boolean secondFactor() {
    return secondFactor;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return identity.userId();
  }
}
