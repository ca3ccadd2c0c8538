package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyCustodyTests extends ApiTestSupport {

  @Test
  void keysAreHandedOverAndReturnedWithTheirWholeHistoryKept() {
    User owner = signedInUser("owner");
    String id = household(owner);
    ApiClient.Response key =
        api.post(
            "/api/v1/households/" + id + "/keys",
            Map.of("label", "Front door", "copies", 1),
            owner.accessToken());
    assertThat(key.status()).isEqualTo(201);
    String keyId = key.text("id");
    ApiClient.Response handover =
        api.post(
            "/api/v1/keys/" + keyId + "/handovers",
            Map.of("holderName", "Sam the walker"),
            owner.accessToken());
    assertThat(handover.status()).isEqualTo(201);
    // The only copy is out: a second handover is refused.
    assertThat(
            api.post(
                    "/api/v1/keys/" + keyId + "/handovers",
                    Map.of("holderName", "Someone else"),
                    owner.accessToken())
                .status())
        .isEqualTo(409);
    assertThat(
            api.post(
                    "/api/v1/keys/" + keyId + "/return",
                    Map.of("handoverId", handover.text("id")),
                    owner.accessToken())
                .status())
        .isEqualTo(204);
    ApiClient.Response keys = api.get("/api/v1/households/" + id + "/keys", owner.accessToken());
    var history = keys.items().get(0).path("history");
    assertThat(history.size()).isEqualTo(1);
    assertThat(history.get(0).path("holderName").asString()).isEqualTo("Sam the walker");
    assertThat(history.get(0).path("returnedAt").isNull()).isFalse();
    assertThat(api.get("/api/v1/households/" + id + "/audit", owner.accessToken()).raw())
        .contains("key.handed_over")
        .contains("key.returned");
  }

  @Test
  void onlyOwnersRecordCustodyAndStrangersSeeNothing() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    User stranger = signedInUser("stranger");
    String id = household(owner);
    join(owner, id, member, "member");
    String keyId =
        api.post(
                "/api/v1/households/" + id + "/keys",
                Map.of("label", "Shed", "copies", 2),
                owner.accessToken())
            .text("id");
    assertThat(api.get("/api/v1/households/" + id + "/keys", member.accessToken()).status())
        .isEqualTo(200);
    assertThat(
            api.post(
                    "/api/v1/keys/" + keyId + "/handovers",
                    Map.of("holderName", "Me"),
                    member.accessToken())
                .status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/households/" + id + "/keys", stranger.accessToken()).status())
        .isEqualTo(404);
    assertThat(
            api.post(
                    "/api/v1/keys/" + keyId + "/handovers",
                    Map.of("holderName", "Me"),
                    stranger.accessToken())
                .status())
        .isEqualTo(404);
    assertThat(
            api.post(
                    "/api/v1/households/" + id + "/keys",
                    Map.of("label", "Bad", "copies", 0),
                    owner.accessToken())
                .status())
        .isEqualTo(400);
  }

  private String household(User owner) {
    return createHousehold(owner, "Keys");
  }
}
