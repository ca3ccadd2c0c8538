package io.pawkeep.security;

import io.pawkeep.tenancy.BrowserSession;
import io.pawkeep.tenancy.RequestIdentity;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** The authenticated caller of the current request, for controllers and facades. */
@Component
public class CurrentUser {

  private final JwtIdentitySource identities;

  CurrentUser(JwtIdentitySource identities) {
    this.identities = identities;
  }

  /**
   * The signed-in user's identity; fails closed when the request is not authenticated or is made
   * with an API key.
   */
  RequestIdentity require() {
    return identities
        .current()
        .orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("none"));
  }

  /** Whether a person (not an API key) is signed in on this request. */
  public boolean isSignedIn() {
    return identities.current().isPresent();
  }

  public UUID userId() {
    return require().userId();
  }

  public UUID sessionId() {
    return require().sessionId();
  }

  /** Whether the session was opened with a second factor. */
  public boolean secondFactor() {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    if (a instanceof JwtAuthenticationToken token) {
      List<String> amr = token.getToken().getClaimAsStringList("amr");
      return amr != null && amr.contains("otp");
    }
    return a instanceof WebSessionAuthentication web && web.secondFactor();
  }

  /**
   * Who is calling: the user's id, or for a request made with a business's API key, the key's id
   * (which matches no account, so nothing that belongs to a user answers to it). Only for routes
   * that keys may call; the database decides what the caller may see.
   */
  public UUID callerId() {
    return identities
        .current()
        .map(RequestIdentity::userId)
        .or(() -> identities.apiKey().map(key -> key.keyId()))
        .orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("none"));
  }

  /** The signed-in person's name, email and chosen time zone (an IANA name; null for none). */
  public record Person(String displayName, String email, String timeZone) {}

  /**
   * The person of a page request's browser session, as the statement that began the request read
   * them with its identity (so a page needs no query for the header's name); empty before that, and
   * for access tokens and API keys.
   */
  public Optional<Person> person() {
    return identities
        .browserSession()
        .flatMap(BrowserSession::checked)
        .map(checked -> new Person(checked.displayName(), checked.email(), checked.timeZone()));
  }

  Optional<RequestIdentity> current() {
    return identities.current();
  }
}
