package io.pawkeep.tenancy;

import java.util.Optional;

/** Supplies the identity of the request being served on this thread, if it has one. */
@FunctionalInterface
public interface RequestIdentitySource {
  Optional<RequestIdentity> current();
}
