package io.pawkeep.businesses;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;

/** Helpers for business tests: people signed in with a second factor, businesses and staff. */
abstract class BusinessTestSupport extends ApiTestSupport {

  protected ApiClient.Response invite(
      User manager, String business, String role, Map<String, String> permissions) {
    return api.post(
        "/api/v1/businesses/" + business + "/staff-invites",
        Map.of("role", role, "permissions", permissions),
        manager.accessToken());
  }

  protected ApiClient.Response patch(String path, Object body, User caller) {
    return api.send("PATCH", path, body, caller.accessToken(), Map.of());
  }

  protected ApiClient.Response changeMember(
      User manager, String business, User member, Map<String, Object> body) {
    return patch("/api/v1/businesses/" + business + "/staff/" + userId(member), body, manager);
  }
}
