package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "Show alarm code" in the visit app: the API's assignee reveal (DOM-3, AUTHZ-5), with a required
 * reason, recorded in the household's reveal log, never stored ({@code no-store}); refused outside
 * the assignment window, to a walker who is not the assignee and without a reason.
 */
class VisitRevealTests extends BookingTestSupport {

  @Test
  void theAssigneeRevealsInsideTheWindowWithAReasonAndTheRevealIsLogged() {
    World w = world();
    secrets(w);
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    assertThat(app.data().path("visits").get(0).path("hasAccessSecrets").asBoolean()).isTrue();

    ApiClient.Response r =
        app.post(
            "/visits/" + booking + "/reveal", Map.of("reason", "Evening walk, gate"), app.csrf());

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).contains("no-store");
    JsonNode fields = r.json().path("fields");
    assertThat(fields).hasSize(2);
    assertThat(fields.get(0).path("name").asString()).isEqualTo("Alarm code");
    assertThat(fields.get(0).path("value").asString()).isEqualTo("4711");
    assertThat(fields.get(1).path("name").asString()).isEqualTo("Key location");
    ApiClient.Response log =
        api.get(
            "/api/v1/households/" + w.household() + "/access-secrets/reveals",
            w.family().accessToken());
    assertThat(log.status()).as(log.raw()).isEqualTo(200);
    assertThat(log.raw()).contains("Evening walk, gate");
  }

  @Test
  void aRevealWithoutAReasonIsABadRequestAndNotLoggedAsJsonOrAsAForm() {
    World w = world();
    secrets(w);
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());

    for (Object body : new Object[] {Map.of(), Map.of("reason", "  "), "x".repeat(501)}) {
      Object payload = body instanceof String long_ ? Map.of("reason", long_) : body;
      ApiClient.Response r = app.post("/visits/" + booking + "/reveal", payload, app.csrf());
      assertThat(r.status()).as(r.raw()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(app.postForm("/visits/" + booking + "/reveal", "reason=", app.csrf()))
        .isEqualTo(400);
    assertThat(reveals(w)).isEmpty();
    assertThat(app.postForm("/visits/" + booking + "/reveal", "reason=Walk", app.csrf()))
        .isEqualTo(200);
    assertThat(reveals(w)).hasSize(1);
  }

  @Test
  void aRevealOutsideTheWindowOrByAnotherWalkerIsRefusedLikeAMissingOne() {
    World w = world();
    secrets(w);
    String later = assignedBooking(w, w.walkerId(), inHours(20));
    String soon = assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession walker = VisitAppSession.signIn(port, w.walker());
    VisitAppSession other = VisitAppSession.signIn(port, w.otherWalker());
    Map<String, String> reason = Map.of("reason", "Walk");

    ApiClient.Response outside = walker.post("/visits/" + later + "/reveal", reason, walker.csrf());
    ApiClient.Response notAssignee =
        other.post("/visits/" + soon + "/reveal", reason, other.csrf());
    ApiClient.Response noToken = walker.post("/visits/" + soon + "/reveal", reason, null);

    assertThat(outside.status()).as(outside.raw()).isEqualTo(404);
    assertThat(notAssignee.status()).as(notAssignee.raw()).isEqualTo(404);
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(outside.raw() + notAssignee.raw()).doesNotContain("4711");
    assertThat(reveals(w)).isEmpty();
  }

  private void secrets(World w) {
    ApiClient.Response r =
        api.send(
            "PUT",
            "/api/v1/households/" + w.household() + "/access-secrets",
            Map.of("alarmCode", "4711", "keyLocation", "Under the blue pot"),
            w.family().accessToken(),
            Map.of());
    assertThat(r.status()).as(r.raw()).isIn(200, 204);
  }

  private JsonNode reveals(World w) {
    ApiClient.Response log =
        api.get(
            "/api/v1/households/" + w.household() + "/access-secrets/reveals",
            w.family().accessToken());
    assertThat(log.status()).as(log.raw()).isEqualTo(200);
    assertThat(log.items().isArray()).as(log.raw()).isTrue();
    return log.items();
  }
}
