package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every household route, called by every kind of caller, answers the expected status: owners do
 * everything, members and sitters what their role allows (sitters reveal secrets only inside their
 * window), and strangers or another household's owner get 404 exactly like a missing id.
 */
class IsolationMatrixTests extends ApiTestSupport {

  private static final String[] CALLERS = {
    "owner", "member", "sitterInside", "sitterOutside", "stranger", "otherOwner"
  };

  private record Route(String method, String path, Object body, int[] expected) {}

  @Test
  void everyRouteAnswersEveryCallerAsItsRoleAllows() {
    Map<String, User> people = new LinkedHashMap<>();
    for (String caller : CALLERS) {
      people.put(caller, signedInUser(caller));
    }
    User owner = people.get("owner");
    String id = createHousehold(owner, "Matrix");
    createHousehold(people.get("otherOwner"), "Elsewhere");
    join(owner, id, people.get("member"), "member");
    join(owner, id, people.get("sitterInside"), "sitter");
    join(owner, id, people.get("sitterOutside"), "sitter");
    Instant now = clock.instant();
    window(
        owner,
        id,
        people.get("sitterInside"),
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofHours(1)));
    window(
        owner,
        id,
        people.get("sitterOutside"),
        now.minus(Duration.ofDays(2)),
        now.minus(Duration.ofDays(1)));
    api.send(
        "PUT",
        "/api/v1/households/" + id + "/access-secrets",
        Map.of("alarmCode", "1357"),
        owner.accessToken(),
        Map.of());
    String petId =
        api.post(
                "/api/v1/households/" + id + "/pets",
                Map.of("name", "Biscuit", "species", "dog"),
                owner.accessToken())
            .text("id");
    String keyId =
        api.post(
                "/api/v1/households/" + id + "/keys",
                Map.of("label", "Door", "copies", 3),
                owner.accessToken())
            .text("id");
    String h = "/api/v1/households/" + id;

    List<Route> routes =
        List.of(
            route("GET", h, null, 200, 200, 200, 200, 404, 404),
            route("PATCH", h, Map.of("name", "Renamed"), 200, 403, 403, 403, 404, 404),
            route("GET", h + "/members", null, 200, 200, 200, 200, 404, 404),
            route("POST", h + "/invites", Map.of("role", "member"), 201, 403, 403, 403, 404, 404),
            route("GET", h + "/pets", null, 200, 200, 200, 200, 404, 404),
            route(
                "POST",
                h + "/pets",
                Map.of("name", "Pip", "species", "cat"),
                201,
                201,
                403,
                403,
                404,
                404),
            route("GET", "/api/v1/pets/" + petId, null, 200, 200, 200, 200, 404, 404),
            route("GET", "/api/v1/pets/" + petId + "/clinical", null, 200, 200, 200, 200, 404, 404),
            route(
                "PUT",
                h + "/access-secrets",
                Map.of("alarmCode", "1357"),
                204,
                403,
                403,
                403,
                404,
                404),
            route("POST", h + "/access-secrets/reveal", Map.of(), 200, 200, 200, 403, 404, 404),
            route("GET", h + "/access-secrets/reveals", null, 200, 403, 403, 403, 404, 404),
            route("GET", h + "/keys", null, 200, 200, 200, 200, 404, 404),
            route(
                "POST",
                h + "/keys",
                Map.of("label", "Shed", "copies", 1),
                201,
                403,
                403,
                403,
                404,
                404),
            route(
                "POST",
                "/api/v1/keys/" + keyId + "/handovers",
                Map.of("holderName", "Sam"),
                201,
                403,
                403,
                403,
                404,
                404),
            route("GET", h + "/audit", null, 200, 403, 403, 403, 404, 404),
            route("GET", h + "/export", null, 200, 403, 403, 403, 404, 404));

    List<String> wrong = new ArrayList<>();
    for (Route route : routes) {
      for (int i = 0; i < CALLERS.length; i++) {
        ApiClient.Response r =
            api.send(
                route.method(),
                route.path(),
                route.body(),
                people.get(CALLERS[i]).accessToken(),
                Map.of());
        if (r.status() != route.expected()[i]) {
          wrong.add(
              route.method()
                  + " "
                  + route.path()
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

    // A stranger's 404 is exactly a missing id's 404.
    String missing = "/api/v1/households/" + UUID.randomUUID();
    assertThat(api.get(missing, owner.accessToken()).status()).isEqualTo(404);
    assertThat(api.get(missing, owner.accessToken()).text("detail"))
        .isEqualTo(api.get(h, people.get("stranger").accessToken()).text("detail"));
  }

  private static Route route(String method, String path, Object body, int... expected) {
    return new Route(method, path, body, expected);
  }

  private void window(User owner, String id, User sitter, Instant from, Instant until) {
    String sitterId = api.get("/api/v1/me", sitter.accessToken()).text("id");
    ApiClient.Response r =
        api.send(
            "PATCH",
            "/api/v1/households/" + id + "/members/" + sitterId,
            Map.of(
                "role", "sitter", "sittingFrom", from.toString(), "sittingUntil", until.toString()),
            owner.accessToken(),
            Map.of());
    assertThat(r.status()).isEqualTo(204);
  }
}
