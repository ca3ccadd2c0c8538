package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every business route, and the household side of client relationships, called by every kind of
 * caller: staff get what their role's permissions allow (403 otherwise), and anyone not on the
 * staff (another business's owner, a client household's owner, a stranger) gets 404 exactly like a
 * missing id. Owners and managers are signed in with the second factor the business requires.
 */
class BusinessIsolationMatrixTests extends BusinessTestSupport {

  private static final String[] CALLERS = {
    "owner", "manager", "staff", "accountant", "veterinarian", "otherBusiness", "client", "stranger"
  };

  /** A route whose path may differ per caller (destructive routes get a fresh target each). */
  private record Route(String method, Function<String, String> path, Object body, int[] expected) {}

  @Test
  void everyBusinessRouteAnswersEveryCallerAsItsRoleAllows() {
    Map<String, User> people = new LinkedHashMap<>();
    people.put("owner", withSecondFactor("owner"));
    people.put("manager", withSecondFactor("manager"));
    people.put("staff", signedInUser("staff"));
    people.put("accountant", signedInUser("accountant"));
    people.put("veterinarian", signedInUser("veterinarian"));
    people.put("otherBusiness", withSecondFactor("otherBusiness"));
    people.put("client", signedInUser("client"));
    people.put("stranger", signedInUser("stranger"));
    User owner = people.get("owner");
    String id = createBusiness(owner, "clinic", "Matrix Clinic");
    createBusiness(people.get("otherBusiness"), "clinic", "Elsewhere");
    for (String role : List.of("manager", "staff", "accountant", "veterinarian")) {
      hire(owner, id, people.get(role), role);
    }
    String household = createHousehold(people.get("client"), "Client Home");
    api.post(
        "/api/v1/households/" + household + "/businesses/" + id + "/grant",
        null,
        people.get("client").accessToken());
    User target = signedInUser("target");
    hire(owner, id, target, "staff");
    String targetId = userId(target);
    String b = "/api/v1/businesses/" + id;
    String h = "/api/v1/households/" + household;

    List<Route> routes =
        List.of(
            route("GET", b, null, 200, 200, 200, 200, 200, 404, 404, 404),
            route("PATCH", b, Map.of("name", "Renamed"), 200, 200, 403, 403, 403, 404, 404, 404),
            route(
                "PATCH",
                b,
                Map.of("requireSecondFactor", true),
                200,
                403,
                403,
                403,
                403,
                404,
                404,
                404),
            route("GET", b + "/staff", null, 200, 200, 403, 403, 403, 404, 404, 404),
            route(
                "POST",
                b + "/staff-invites",
                Map.of("role", "staff"),
                201,
                201,
                403,
                403,
                403,
                404,
                404,
                404),
            new Route(
                "DELETE",
                caller -> b + "/staff-invites/" + freshInvite(owner, id),
                null,
                new int[] {204, 204, 403, 403, 403, 404, 404, 404}),
            route(
                "PATCH",
                b + "/staff/" + targetId,
                Map.of("role", "staff"),
                200,
                200,
                403,
                403,
                403,
                404,
                404,
                404),
            new Route(
                "DELETE",
                caller -> b + "/staff/" + freshStaff(owner, id, caller),
                null,
                new int[] {204, 204, 403, 403, 403, 404, 404, 404}),
            route("POST", b + "/staff", Map.of(), 405, 405, 405, 405, 405, 405, 405, 405),
            route("GET", b + "/clients", null, 200, 200, 200, 403, 200, 404, 404, 404),
            route(
                "POST",
                b + "/clients",
                Map.of("householdId", household),
                202,
                202,
                202,
                403,
                202,
                404,
                404,
                404),
            route("GET", b + "/audit", null, 200, 200, 403, 403, 403, 404, 404, 404),
            route("GET", b + "/api-keys", null, 200, 200, 403, 403, 403, 404, 404, 404),
            route(
                "POST",
                b + "/api-keys",
                Map.of("name", "Sync", "permissions", List.of("clients.read")),
                201,
                201,
                403,
                403,
                403,
                404,
                404,
                404),
            new Route(
                "DELETE",
                caller -> b + "/api-keys/" + freshKey(owner, id),
                null,
                new int[] {204, 204, 403, 403, 403, 404, 404, 404}),
            route("GET", b + "/access-review", null, 200, 200, 403, 403, 403, 404, 404, 404),
            route("GET", h + "/access-review", null, 404, 404, 404, 404, 404, 404, 200, 404),
            route("GET", h + "/businesses", null, 404, 404, 404, 404, 404, 404, 200, 404),
            route(
                "POST",
                h + "/businesses/" + id + "/grant",
                null,
                404,
                404,
                404,
                404,
                404,
                404,
                200,
                404),
            route("DELETE", h + "/businesses/" + id, null, 404, 404, 404, 404, 404, 404, 204, 404));

    List<String> wrong = new ArrayList<>();
    for (Route route : routes) {
      for (int i = 0; i < CALLERS.length; i++) {
        String path = route.path().apply(CALLERS[i]);
        ApiClient.Response r =
            api.send(
                route.method(), path, route.body(), people.get(CALLERS[i]).accessToken(), Map.of());
        if (r.status() != route.expected()[i]) {
          wrong.add(
              route.method()
                  + " "
                  + path
                  + " as "
                  + CALLERS[i]
                  + ": "
                  + r.status()
                  + " instead of "
                  + route.expected()[i]);
        }
      }
    }
    assertThat(wrong).isEmpty();

    // Not being on the staff is answered exactly like a missing business.
    String missing = "/api/v1/businesses/" + UUID.randomUUID();
    assertThat(api.get(missing, owner.accessToken()).text("detail"))
        .isEqualTo(api.get(b, people.get("stranger").accessToken()).text("detail"));
  }

  private static Route route(String method, String path, Object body, int... expected) {
    return new Route(method, caller -> path, body, expected);
  }

  private String freshInvite(User owner, String id) {
    return invite(owner, id, "staff", Map.of()).text("id");
  }

  private String freshKey(User owner, String id) {
    return api.post(
            "/api/v1/businesses/" + id + "/api-keys",
            Map.of("name", "Doomed", "permissions", List.of("clients.read")),
            owner.accessToken())
        .text("id");
  }

  private String freshStaff(User owner, String id, String caller) {
    User victim = signedInUser("leaver-" + caller);
    hire(owner, id, victim, "staff");
    return userId(victim);
  }
}
