package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;

/** Helpers for business tests: people signed in with a second factor, businesses and staff. */
abstract class BusinessTestSupport extends ApiTestSupport {

  /** A user who enrolled TOTP and signed in with it (a session with the second factor). */
  protected User withSecondFactor(String name) {
    User user = signedInUser(name);
    String secret = enrolTotp(user);
    ApiClient.Response r = loginWithTotp(user.email(), user.password(), secret);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(user.email(), user.password(), r.text("access_token"), r.text("refresh_token"));
  }

  protected String createBusiness(User owner, String kind, String name) {
    ApiClient.Response r =
        api.post("/api/v1/businesses", Map.of("kind", kind, "name", name), owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected String userId(User user) {
    return api.get("/api/v1/me", user.accessToken()).text("id");
  }

  protected ApiClient.Response invite(
      User manager, String business, String role, Map<String, String> permissions) {
    return api.post(
        "/api/v1/businesses/" + business + "/staff-invites",
        Map.of("role", role, "permissions", permissions),
        manager.accessToken());
  }

  /** {@code manager} invites {@code person} with {@code role}, who accepts. */
  protected void hire(User manager, String business, User person, String role) {
    ApiClient.Response invited = invite(manager, business, role, Map.of());
    assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
    ApiClient.Response r =
        api.post(
            "/api/v1/staff-invites/accept",
            Map.of("token", invited.text("token")),
            person.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  protected ApiClient.Response patch(String path, Object body, User caller) {
    return api.send("PATCH", path, body, caller.accessToken(), Map.of());
  }

  protected ApiClient.Response changeMember(
      User manager, String business, User member, Map<String, Object> body) {
    return patch("/api/v1/businesses/" + business + "/staff/" + userId(member), body, manager);
  }
}
