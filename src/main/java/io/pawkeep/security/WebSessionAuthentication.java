package io.pawkeep.security;

import io.pawkeep.tenancy.BrowserSession;
import io.pawkeep.tenancy.RequestIdentity;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request made with a browser session's cookie (SESS-5). Authenticated only in the sense that the
 * cookie names a session: the statement that begins the request's transaction finds it and decides
 * whether it is still live, exactly as for an access token; until then it has no identity.
 */
final class WebSessionAuthentication extends AbstractAuthenticationToken {

  private final BrowserSession session;

  WebSessionAuthentication(BrowserSession session) {
    super(List.of());
    this.session = session;
    setAuthenticated(true);
  }

  BrowserSession session() {
    return session;
  }

  /** The identity once the database found the session live in this request. */
  Optional<RequestIdentity> identity() {
    return session.checked().map(BrowserSession.Checked::identity);
  }

  boolean secondFactor() {
    return session.checked().map(BrowserSession.Checked::secondFactor).orElse(false);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return identity().<Object>map(RequestIdentity::userId).orElse("");
  }
}
