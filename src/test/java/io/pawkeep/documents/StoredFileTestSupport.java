package io.pawkeep.documents;

import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * What tests of stored files start from: a household made through the API, and work run in a
 * transaction carrying its owner's identity, as a request sets it (the tenant's key is unsealed
 * only there).
 */
abstract class StoredFileTestSupport extends ApiTestSupport {

  record Household(UUID id, UUID owner, String token) {}

  Household household(String name) {
    User user = signedInUser(name);
    UUID id =
        UUID.fromString(
            api.post("/api/v1/households", Map.of("name", name), user.accessToken()).text("id"));
    UUID ownerId = UUID.fromString(api.get("/api/v1/me", user.accessToken()).text("id"));
    return new Household(id, ownerId, user.accessToken());
  }

  /** The work in a transaction carrying the household owner's identity. */
  <T> T as(Household household, Callable<T> work) {
    return as(household.owner(), work);
  }

  /** The work in a transaction carrying the identity of {@code owner}, without a session. */
  <T> T as(UUID owner, Callable<T> work) {
    return asIdentity(
        owner,
        null,
        db -> {
          try {
            return work.call();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
