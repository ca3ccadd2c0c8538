package io.pawkeep.security;

import io.pawkeep.tenancy.ApiKeyIdentity;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A well-formed API key on the request. Whether the key is live (not revoked, not expired, its
 * creator still on the staff) and the secret right is decided by the database when the request's
 * transaction begins; until then nothing is served. Holds the hash, never the secret.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

  private final ApiKeyIdentity identity;

  ApiKeyAuthentication(ApiKeyIdentity identity) {
    super(List.of(new SimpleGrantedAuthority("API_KEY")));
    this.identity = identity;
    setAuthenticated(true);
  }

  ApiKeyIdentity identity() {
    return identity;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return identity.keyId();
  }
}
