package io.pawkeep.tenancy;

import java.util.Optional;

/** Supplies the identity of the request being served on this thread, if it has one. */
@FunctionalInterface
public interface RequestIdentitySource {

  /** The signed-in user, when the request carries a user's access token. */
  Optional<RequestIdentity> current();

  /** The API key, when the request carries one instead of a user's access token. */
  default Optional<ApiKeyIdentity> apiKey() {
    return Optional.empty();
  }

  /**
   * The browser session a page request's cookie names, when it carries one (SESS-5). Its first
   * transaction checks it; from then on {@link #current()} answers its identity.
   */
  default Optional<BrowserSession> browserSession() {
    return Optional.empty();
  }
}
