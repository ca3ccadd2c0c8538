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
}
