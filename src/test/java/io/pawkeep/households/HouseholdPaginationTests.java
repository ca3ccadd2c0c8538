package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A household's lists are read a page at a time (HARD-8): its members, keys and their handovers,
 * reveal log and audit trail, and a person's households. A cursor never reaches past the caller's
 * rights: it only positions a query that keeps its own household filter.
 */
class HouseholdPaginationTests extends ApiTestSupport {

  @Test
  void householdsMembersKeysRevealsAndTheAuditTrailAreWalkedInPagesOfTwo() {
    User owner = signedInUser("owner");
    List<String> households = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      households.add(createHousehold(owner, "Home " + k));
    }
    // Created at one instant of the test clock: the id breaks the tie, so no item is lost.
    assertThat(ids(api.all("/api/v1/households", owner.accessToken(), 2), "id"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(households);

    String h = "/api/v1/households/" + households.get(0);
    List<String> members = new ArrayList<>(List.of(userId(owner)));
    for (int k = 0; k < 2; k++) {
      User member = signedInUser("member");
      join(owner, households.get(0), member, "member");
      members.add(userId(member));
    }
    assertThat(ids(api.all(h + "/members", owner.accessToken(), 2), "userId"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(members);

    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      keys.add(created(owner, h + "/keys", Map.of("label", "Door " + k, "copies", 5)));
    }
    String key = keys.get(0);
    List<String> handovers = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      handovers.add(
          created(owner, "/api/v1/keys/" + key + "/handovers", Map.of("holderName", "Sam " + k)));
    }
    List<JsonNode> listed = api.all(h + "/keys", owner.accessToken(), 2);
    assertThat(ids(listed, "id")).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys);
    JsonNode first =
        listed.stream().filter(k -> k.path("id").asString().equals(key)).findFirst().orElseThrow();
    assertThat(ids(first.path("history").valueStream().toList(), "id"))
        .containsExactlyInAnyOrderElementsOf(handovers);
    List<String> history =
        ids(api.all("/api/v1/keys/" + key + "/handovers", owner.accessToken(), 2), "id");
    assertThat(history).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(handovers);

    ApiClient.Response secrets =
        api.send(
            "PUT",
            h + "/access-secrets",
            Map.of("alarmCode", "4711"),
            owner.accessToken(),
            Map.of());
    assertThat(secrets.status()).isEqualTo(204);
    for (int k = 0; k < 3; k++) {
      ApiClient.Response r =
          api.post(
              h + "/access-secrets/reveal", Map.of("reason", "check " + k), owner.accessToken());
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }
    List<JsonNode> reveals = api.all(h + "/access-secrets/reveals", owner.accessToken(), 2);
    assertThat(ids(reveals, "id")).hasSize(3).doesNotHaveDuplicates();
    assertThat(ids(reveals, "reason")).containsExactlyInAnyOrder("check 0", "check 1", "check 2");

    List<JsonNode> trail = api.all(h + "/audit", owner.accessToken(), 2);
    List<Long> seqs = trail.stream().map(e -> e.path("seq").asLong()).toList();
    assertThat(seqs).hasSizeGreaterThan(10).doesNotHaveDuplicates();
    assertThat(seqs).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(seqs).hasSize(api.all(h + "/audit", owner.accessToken()).size());
  }

  @Test
  void aCursorGivesNoOneMoreThanTheListItself() {
    User owner = signedInUser("owner");
    String home = createHousehold(owner, "Home");
    User member = signedInUser("member");
    join(owner, home, member, "member");
    String h = "/api/v1/households/" + home;
    String key = created(owner, h + "/keys", Map.of("label", "Door", "copies", 5));
    for (int k = 0; k < 3; k++) {
      created(owner, "/api/v1/keys/" + key + "/handovers", Map.of("holderName", "Sam " + k));
    }
    String auditCursor = api.get(h + "/audit?limit=1", owner.accessToken()).text("next");
    String handoverCursor =
        api.get("/api/v1/keys/" + key + "/handovers?limit=1", owner.accessToken()).text("next");
    assertThat(auditCursor).isNotNull();
    assertThat(handoverCursor).isNotNull();

    // A member reads keys but not the audit trail, with or without a cursor.
    assertThat(api.get(h + "/audit?cursor=" + auditCursor, member.accessToken()).status())
        .isEqualTo(403);
    User stranger = signedInUser("stranger");
    String theirs = createHousehold(stranger, "Elsewhere");
    assertThat(
            api.get(
                    "/api/v1/keys/" + key + "/handovers?cursor=" + handoverCursor,
                    stranger.accessToken())
                .status())
        .isEqualTo(404);
    String theirKey =
        created(
            stranger,
            "/api/v1/households/" + theirs + "/keys",
            Map.of("label", "Gate", "copies", 1));
    ApiClient.Response own =
        api.get(
            "/api/v1/keys/" + theirKey + "/handovers?cursor=" + handoverCursor,
            stranger.accessToken());
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(own.items()).isEmpty();
    ApiClient.Response ownTrail =
        api.get(
            "/api/v1/households/" + theirs + "/audit?cursor=" + auditCursor,
            stranger.accessToken());
    assertThat(ownTrail.status()).isEqualTo(200);
    ownTrail.items().forEach(e -> assertThat(e.path("targetId").asString()).isNotEqualTo(key));
    // A cursor of one list is refused by another.
    assertThat(api.get(h + "/members?cursor=" + auditCursor, owner.accessToken()).status())
        .isEqualTo(400);
  }

  private String created(User user, String path, Map<String, Object> body) {
    ApiClient.Response r = api.post(path, body, user.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  private static List<String> ids(List<JsonNode> items, String field) {
    return items.stream().map(i -> i.path(field).asString()).toList();
  }
}
