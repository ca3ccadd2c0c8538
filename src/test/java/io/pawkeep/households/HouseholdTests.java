package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class HouseholdTests extends ApiTestSupport {

  @Test
  void creatorBecomesOwnerAndSeesTheHousehold() {
    User owner = signedInUser("owner");
    ApiClient.Response created = create(owner, "The Burrow");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("role")).isEqualTo("owner");
    String id = created.text("id");
    assertThat(api.get("/api/v1/households", owner.accessToken()).items().size()).isEqualTo(1);
    ApiClient.Response members =
        api.get("/api/v1/households/" + id + "/members", owner.accessToken());
    assertThat(members.items().get(0).path("email").asString()).isEqualTo(owner.email());
  }

  @Test
  void anotherHouseholdLooksExactlyLikeAMissingOne() {
    User owner = signedInUser("owner");
    User stranger = signedInUser("stranger");
    String id = create(owner, "Private").text("id");
    ApiClient.Response foreign = api.get("/api/v1/households/" + id, stranger.accessToken());
    ApiClient.Response missing =
        api.get("/api/v1/households/" + UUID.randomUUID(), stranger.accessToken());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(((ObjectNode) foreign.json()).without("instance"))
        .isEqualTo(((ObjectNode) missing.json()).without("instance"));
    for (ApiClient.Response r :
        new ApiClient.Response[] {
          api.get("/api/v1/households/" + id + "/members", stranger.accessToken()),
          api.send(
              "PATCH",
              "/api/v1/households/" + id,
              Map.of("name", "Mine now"),
              stranger.accessToken(),
              Map.of()),
          api.delete("/api/v1/households/" + id, null, stranger.accessToken()),
          api.post(
              "/api/v1/households/" + id + "/invites",
              Map.of("role", "owner"),
              stranger.accessToken())
        }) {
      assertThat(r.status()).isEqualTo(404);
    }
    assertThat(api.get("/api/v1/households/" + id, owner.accessToken()).text("name"))
        .isEqualTo("Private");
  }

  @Test
  void invitedMemberJoinsWithTheInvitesRoleButCannotActAsOwner() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String id = create(owner, "Sitting").text("id");
    String token = invite(owner, id, "sitter").text("token");
    ApiClient.Response joined =
        api.post("/api/v1/invites/accept", Map.of("token", token), sitter.accessToken());
    assertThat(joined.status()).as(joined.raw()).isEqualTo(200);
    assertThat(joined.text("role")).isEqualTo("sitter");
    assertThat(api.get("/api/v1/households/" + id, sitter.accessToken()).status()).isEqualTo(200);
    assertThat(
            api.send(
                    "PATCH",
                    "/api/v1/households/" + id,
                    Map.of("name", "Taken"),
                    sitter.accessToken(),
                    Map.of())
                .status())
        .isEqualTo(403);
    assertThat(invite(sitter, id, "owner").status()).isEqualTo(403);
  }

  @Test
  void aSittersInvitationCarriesTheSittingWindowTheSitterGetsAndNoOtherRoleHasOne() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String id = create(owner, "Window").text("id");
    String from = "2030-01-01T08:00:00Z";
    String until = "2030-01-08T08:00:00Z";
    ApiClient.Response asMember =
        api.post(
            "/api/v1/households/" + id + "/invites",
            Map.of("role", "member", "sittingFrom", from, "sittingUntil", until),
            owner.accessToken());
    assertThat(asMember.status()).as(asMember.raw()).isEqualTo(400);
    ApiClient.Response backwards =
        api.post(
            "/api/v1/households/" + id + "/invites",
            Map.of("role", "sitter", "sittingFrom", until, "sittingUntil", from),
            owner.accessToken());
    assertThat(backwards.status()).as(backwards.raw()).isEqualTo(400);
    ApiClient.Response halfOpen =
        api.post(
            "/api/v1/households/" + id + "/invites",
            Map.of("role", "sitter", "sittingFrom", from),
            owner.accessToken());
    assertThat(halfOpen.status()).as(halfOpen.raw()).isEqualTo(400);

    ApiClient.Response invited =
        api.post(
            "/api/v1/households/" + id + "/invites",
            Map.of("role", "sitter", "sittingFrom", from, "sittingUntil", until),
            owner.accessToken());
    assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
    assertThat(
            api.post(
                    "/api/v1/invites/accept",
                    Map.of("token", invited.text("token")),
                    sitter.accessToken())
                .status())
        .isEqualTo(200);
    var members = api.get("/api/v1/households/" + id + "/members", owner.accessToken()).items();
    var joined =
        java.util.stream.StreamSupport.stream(members.spliterator(), false)
            .filter(m -> "sitter".equals(m.path("role").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(joined.path("sittingFrom").asString()).isEqualTo(from);
    assertThat(joined.path("sittingUntil").asString()).isEqualTo(until);
  }

  @Test
  void invitesAreSingleUseRevocableAndExpire() {
    User owner = signedInUser("owner");
    String id = create(owner, "Invites").text("id");
    String token = invite(owner, id, "member").text("token");
    assertThat(accept(signedInUser("first"), token).status()).isEqualTo(200);
    assertThat(accept(signedInUser("second"), token).status()).isEqualTo(400);

    ApiClient.Response revocable = invite(owner, id, "member");
    assertThat(
            api.delete(
                    "/api/v1/households/" + id + "/invites/" + revocable.text("id"),
                    null,
                    owner.accessToken())
                .status())
        .isEqualTo(204);
    assertThat(accept(signedInUser("late"), revocable.text("token")).status()).isEqualTo(400);

    String expiring = invite(owner, id, "member").text("token");
    clock.advance(Duration.ofDays(8));
    assertThat(accept(signedInUser("slow"), expiring).status()).isEqualTo(400);
    assertThat(accept(signedInUser("guess"), "not-a-real-token").status()).isEqualTo(400);
  }

  @Test
  void aHouseholdKeepsAtLeastOneOwner() {
    User owner = signedInUser("owner");
    String id = create(owner, "Owners").text("id");
    String ownerId = api.get("/api/v1/me", owner.accessToken()).text("id");
    assertThat(updateMember(owner, id, ownerId, Map.of("role", "member")).status()).isEqualTo(409);
    assertThat(
            api.delete(
                    "/api/v1/households/" + id + "/members/" + ownerId, null, owner.accessToken())
                .status())
        .isEqualTo(409);
    assertThat(api.get("/api/v1/households/" + id, owner.accessToken()).text("role"))
        .isEqualTo("owner");
  }

  @Test
  void removedMemberLosesAccessOnTheNextRequestAndMembersMayLeave() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    User leaver = signedInUser("leaver");
    String id = create(owner, "Changes").text("id");
    accept(member, invite(owner, id, "member").text("token"));
    accept(leaver, invite(owner, id, "member").text("token"));
    String memberId = api.get("/api/v1/me", member.accessToken()).text("id");
    String leaverId = api.get("/api/v1/me", leaver.accessToken()).text("id");

    assertThat(
            api.delete(
                    "/api/v1/households/" + id + "/members/" + memberId, null, owner.accessToken())
                .status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/households/" + id, member.accessToken()).status()).isEqualTo(404);

    assertThat(
            api.delete(
                    "/api/v1/households/" + id + "/members/" + leaverId, null, leaver.accessToken())
                .status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/households/" + id, leaver.accessToken()).status()).isEqualTo(404);
  }

  @Test
  void sittingWindowMustEndAfterItStarts() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String id = create(owner, "Window").text("id");
    accept(sitter, invite(owner, id, "sitter").text("token"));
    String sitterId = api.get("/api/v1/me", sitter.accessToken()).text("id");
    assertThat(
            updateMember(
                    owner,
                    id,
                    sitterId,
                    Map.of(
                        "role", "sitter",
                        "sittingFrom", "2026-12-24T10:00:00Z",
                        "sittingUntil", "2026-12-23T10:00:00Z"))
                .status())
        .isEqualTo(400);
    assertThat(
            updateMember(
                    owner,
                    id,
                    sitterId,
                    Map.of(
                        "role", "sitter",
                        "sittingFrom", "2026-12-23T10:00:00Z",
                        "sittingUntil", "2026-12-24T10:00:00Z"))
                .status())
        .isEqualTo(204);
    assertThat(updateMember(owner, id, sitterId, Map.of("role", "king")).status()).isEqualTo(400);
  }

  @Test
  void ownerSeesTheHouseholdAuditTrailAndNobodyElseDoes() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    User stranger = signedInUser("stranger");
    String id = create(owner, "Audited").text("id");
    accept(member, invite(owner, id, "member").text("token"));
    ApiClient.Response trail = api.get("/api/v1/households/" + id + "/audit", owner.accessToken());
    assertThat(trail.status()).isEqualTo(200);
    java.util.List<String> actions = new java.util.ArrayList<>();
    trail.items().forEach(e -> actions.add(e.path("action").asString()));
    assertThat(actions).containsExactly("invite.accepted", "invite.created", "household.created");
    assertThat(api.get("/api/v1/households/" + id + "/audit", member.accessToken()).status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/households/" + id + "/audit", stranger.accessToken()).status())
        .isEqualTo(404);
  }

  @Test
  void badInputAnswersProblemDetails() {
    User owner = signedInUser("owner");
    assertThat(create(owner, "").status()).isEqualTo(400);
    assertThat(create(owner, "x".repeat(101)).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/households/not-a-uuid", owner.accessToken()).status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/households", null).status()).isEqualTo(401);
  }

  private ApiClient.Response create(User user, String name) {
    return api.post("/api/v1/households", Map.of("name", name), user.accessToken());
  }

  private ApiClient.Response invite(User user, String household, String role) {
    return api.post(
        "/api/v1/households/" + household + "/invites", Map.of("role", role), user.accessToken());
  }

  private ApiClient.Response accept(User user, String token) {
    return api.post("/api/v1/invites/accept", Map.of("token", token), user.accessToken());
  }

  private ApiClient.Response updateMember(
      User owner, String household, String member, Map<String, Object> body) {
    return api.send(
        "PATCH",
        "/api/v1/households/" + household + "/members/" + member,
        body,
        owner.accessToken(),
        Map.of());
  }
}
