package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class BusinessTests extends BusinessTestSupport {

  @Test
  void creatorBecomesOwnerWithEveryPermissionAndListsTheBusiness() {
    User owner = withSecondFactor("owner");
    ApiClient.Response created =
        api.post(
            "/api/v1/businesses",
            Map.of("kind", "clinic", "name", "Green Cross"),
            owner.accessToken());
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.text("role")).isEqualTo("owner");
    assertThat(created.json().path("requireSecondFactor").asBoolean()).isTrue();
    assertThat(created.json().path("permissions").size()).isEqualTo(16);
    JsonNode mine = api.get("/api/v1/businesses", owner.accessToken()).items();
    assertThat(mine.size()).isEqualTo(1);
    assertThat(mine.get(0).path("name").asString()).isEqualTo("Green Cross");
    JsonNode staff =
        api.get("/api/v1/businesses/" + created.text("id") + "/staff", owner.accessToken()).items();
    assertThat(staff.get(0).path("email").asString()).isEqualTo(owner.email());
  }

  @Test
  void ownersAndManagersNeedASecondFactorWhenTheBusinessRequiresIt() {
    User owner = signedInUser("owner");
    String id = createBusiness(owner, "care_company", "Walkies");
    ApiClient.Response refused = api.get("/api/v1/businesses/" + id, owner.accessToken());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("title")).isEqualTo("Second factor required");
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    for (ApiClient.Response r :
        List.of(
            api.get("/api/v1/businesses/" + id + "/staff", owner.accessToken()),
            invite(owner, id, "staff", Map.of()),
            patch("/api/v1/businesses/" + id, Map.of("requireSecondFactor", false), owner))) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.text("title")).isEqualTo("Second factor required");
    }

    // The same owner, signed in with the second factor, acts; a manager without one cannot.
    String secret = enrolTotp(owner);
    ApiClient.Response signedIn = loginWithTotp(owner.email(), owner.password(), secret);
    User strong = new User(owner.email(), owner.password(), signedIn.text("access_token"), null);
    assertThat(api.get("/api/v1/businesses/" + id, strong.accessToken()).status()).isEqualTo(200);
    User manager = signedInUser("manager");
    hire(strong, id, manager, "manager");
    ApiClient.Response managerRefused =
        api.get("/api/v1/businesses/" + id + "/staff", manager.accessToken());
    assertThat(managerRefused.status()).isEqualTo(403);
    assertThat(managerRefused.text("title")).isEqualTo("Second factor required");
    // Staff roles are not concerned.
    User walker = signedInUser("walker");
    hire(strong, id, walker, "staff");
    assertThat(api.get("/api/v1/businesses/" + id, walker.accessToken()).status()).isEqualTo(200);

    // Only an owner turns the requirement off; then the manager acts without it.
    ApiClient.Response off =
        patch("/api/v1/businesses/" + id, Map.of("requireSecondFactor", false), strong);
    assertThat(off.status()).as(off.raw()).isEqualTo(200);
    assertThat(api.get("/api/v1/businesses/" + id + "/staff", manager.accessToken()).status())
        .isEqualTo(200);
    assertThat(
            patch("/api/v1/businesses/" + id, Map.of("requireSecondFactor", true), manager)
                .status())
        .isEqualTo(403);
  }

  @Test
  void anotherBusinessLooksExactlyLikeAMissingOne() {
    User owner = withSecondFactor("owner");
    User other = withSecondFactor("other");
    String id = createBusiness(owner, "clinic", "Private Clinic");
    createBusiness(other, "clinic", "Other Clinic");
    ApiClient.Response foreign = api.get("/api/v1/businesses/" + id, other.accessToken());
    ApiClient.Response missing =
        api.get("/api/v1/businesses/" + UUID.randomUUID(), other.accessToken());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(((ObjectNode) foreign.json()).without("instance"))
        .isEqualTo(((ObjectNode) missing.json()).without("instance"));
    assertThat(invite(other, id, "owner", Map.of()).status()).isEqualTo(404);
    assertThat(patch("/api/v1/businesses/" + id, Map.of("name", "Mine"), other).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/businesses/" + id, owner.accessToken()).text("name"))
        .isEqualTo("Private Clinic");
  }

  @Test
  void staffInviteIsSingleUseRoleScopedExpiresAndCanBeRevoked() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Invites");
    User vet = signedInUser("vet");
    User late = signedInUser("late");

    ApiClient.Response invited =
        invite(owner, id, "veterinarian", Map.of("billing.read", "grant", "care.log", "revoke"));
    assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
    String token = invited.text("token");
    ApiClient.Response joined =
        api.post("/api/v1/staff-invites/accept", Map.of("token", token), vet.accessToken());
    assertThat(joined.status()).as(joined.raw()).isEqualTo(200);
    assertThat(joined.text("role")).isEqualTo("veterinarian");
    List<String> permissions =
        joined.json().path("permissions").valueStream().map(JsonNode::asString).toList();
    assertThat(permissions).contains("billing.read", "medical.write").doesNotContain("care.log");
    // Used once.
    ApiClient.Response again =
        api.post("/api/v1/staff-invites/accept", Map.of("token", token), late.accessToken());
    assertThat(again.status()).isEqualTo(400);

    // Expired after seven days.
    String expiring = invite(owner, id, "staff", Map.of()).text("token");
    clock.advance(java.time.Duration.ofDays(7).plusSeconds(1));
    // Access tokens last minutes: sign in again after the week.
    late =
        new User(
            late.email(),
            late.password(),
            login(late.email(), late.password()).text("access_token"),
            null);
    ApiClient.Response expired =
        api.post("/api/v1/staff-invites/accept", Map.of("token", expiring), late.accessToken());
    assertThat(expired.status()).as(expired.raw()).isEqualTo(400);

    // Revoked.
    User fresh = withSecondFactor("owner2");
    String id2 = createBusiness(fresh, "care_company", "Revokes");
    ApiClient.Response revocable = invite(fresh, id2, "staff", Map.of());
    assertThat(
            api.delete(
                    "/api/v1/businesses/" + id2 + "/staff-invites/" + revocable.text("id"),
                    null,
                    fresh.accessToken())
                .status())
        .isEqualTo(204);
    assertThat(
            api.post(
                    "/api/v1/staff-invites/accept",
                    Map.of("token", revocable.text("token")),
                    late.accessToken())
                .status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/businesses/" + id2, late.accessToken()).status()).isEqualTo(404);
  }

  @Test
  void aBusinessKeepsAtLeastOneOwnerAndStaffMayLeave() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "care_company", "Owners");
    String self = "/api/v1/businesses/" + id + "/staff/" + userId(owner);
    assertThat(api.delete(self, null, owner.accessToken()).status()).isEqualTo(409);
    assertThat(patch(self, Map.of("role", "manager"), owner).status()).isEqualTo(409);

    User walker = signedInUser("walker");
    hire(owner, id, walker, "staff");
    String walkerPath = "/api/v1/businesses/" + id + "/staff/" + userId(walker);
    assertThat(api.delete(self, null, walker.accessToken()).status()).isEqualTo(403);
    assertThat(api.delete(walkerPath, null, walker.accessToken()).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/businesses/" + id, walker.accessToken()).status()).isEqualTo(404);

    // With a second owner, the first may step down.
    User second = withSecondFactor("second");
    hire(owner, id, second, "owner");
    assertThat(patch(self, Map.of("role", "manager"), owner).status()).isEqualTo(200);
    String secondPath = "/api/v1/businesses/" + id + "/staff/" + userId(second);
    assertThat(api.delete(secondPath, null, second.accessToken()).status()).isEqualTo(409);
  }

  @Test
  void permissionOverridesTakeEffectOnTheMembersVeryNextRequest() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "care_company", "Overrides");
    User walker = signedInUser("walker");
    hire(owner, id, walker, "staff");
    String clients = "/api/v1/businesses/" + id + "/clients";
    String audit = "/api/v1/businesses/" + id + "/audit";
    assertThat(api.get(clients, walker.accessToken()).status()).isEqualTo(200);
    assertThat(api.get(audit, walker.accessToken()).status()).isEqualTo(403);

    ApiClient.Response changed =
        changeMember(
            owner,
            id,
            walker,
            Map.of("permissions", Map.of("clients.read", "revoke", "audit.read", "grant")));
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertThat(changed.json().path("overrides").path("clients.read").asString())
        .isEqualTo("revoke");
    // Same access token, next request.
    assertThat(api.get(clients, walker.accessToken()).status()).isEqualTo(403);
    assertThat(api.get(audit, walker.accessToken()).status()).isEqualTo(200);

    changeMember(
        owner,
        id,
        walker,
        Map.of("permissions", Map.of("clients.read", "inherit", "audit.read", "revoke")));
    assertThat(api.get(clients, walker.accessToken()).status()).isEqualTo(200);
    assertThat(api.get(audit, walker.accessToken()).status()).isEqualTo(403);
  }

  @Test
  void roleChangesAndRemovalTakeEffectOnTheMembersVeryNextRequest() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Roles");
    User member = withSecondFactor("member");
    hire(owner, id, member, "manager");
    String staff = "/api/v1/businesses/" + id + "/staff";
    assertThat(api.get(staff, member.accessToken()).status()).isEqualTo(200);

    assertThat(changeMember(owner, id, member, Map.of("role", "accountant")).status())
        .isEqualTo(200);
    assertThat(api.get(staff, member.accessToken()).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/businesses/" + id, member.accessToken()).text("role"))
        .isEqualTo("accountant");

    assertThat(api.delete(staff + "/" + userId(member), null, owner.accessToken()).status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/businesses/" + id, member.accessToken()).status()).isEqualTo(404);
  }

  @Test
  void accountantsGetBillingButNeverMedicalOrAccess() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Books");
    User accountant = signedInUser("accountant");
    hire(owner, id, accountant, "accountant");
    ApiClient.Response view = api.get("/api/v1/businesses/" + id, accountant.accessToken());
    assertThat(view.json().path("permissions").valueStream().map(JsonNode::asString).toList())
        .containsExactly("billing.read");
    for (String sensitive : List.of("medical.read", "access.reveal", "controlled.log.read")) {
      ApiClient.Response r =
          changeMember(owner, id, accountant, Map.of("permissions", Map.of(sensitive, "grant")));
      assertThat(r.status()).as(sensitive).isEqualTo(400);
      assertThat(invite(owner, id, "accountant", Map.of(sensitive, "grant")).status())
          .isEqualTo(400);
    }
    assertThat(api.get("/api/v1/businesses/" + id + "/clients", accountant.accessToken()).status())
        .isEqualTo(403);
  }

  @Test
  void managersNeitherTouchOwnersNorThemselvesNorGrantWhatTheyLack() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Hierarchy");
    User manager = withSecondFactor("manager");
    hire(owner, id, manager, "manager");
    User walker = signedInUser("walker");
    hire(manager, id, walker, "staff");

    assertThat(invite(manager, id, "owner", Map.of()).status()).isEqualTo(403);
    assertThat(changeMember(manager, id, owner, Map.of("role", "staff")).status()).isEqualTo(403);
    assertThat(
            api.delete(
                    "/api/v1/businesses/" + id + "/staff/" + userId(owner),
                    null,
                    manager.accessToken())
                .status())
        .isEqualTo(403);
    assertThat(changeMember(manager, id, walker, Map.of("role", "owner")).status()).isEqualTo(403);
    assertThat(
            changeMember(
                    manager, id, manager, Map.of("permissions", Map.of("payouts.manage", "grant")))
                .status())
        .isEqualTo(403);
    assertThat(
            changeMember(
                    manager, id, walker, Map.of("permissions", Map.of("medical.read", "grant")))
                .status())
        .isEqualTo(403);
    // What a manager holds, they may grant.
    assertThat(
            changeMember(
                    manager, id, walker, Map.of("permissions", Map.of("billing.read", "grant")))
                .status())
        .isEqualTo(200);
    assertThat(api.get("/api/v1/businesses/" + id, owner.accessToken()).text("role"))
        .isEqualTo("owner");
  }

  @Test
  void badInputAnswersProblemDetailsAndWritesNothing() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Valid");
    User walker = signedInUser("walker");
    hire(owner, id, walker, "staff");
    String b = "/api/v1/businesses/" + id;
    int auditBefore = api.all(b + "/audit", owner.accessToken()).size();
    String member = b + "/staff/" + userId(walker);

    List<ApiClient.Response> answers =
        List.of(
            api.post(
                "/api/v1/businesses",
                Map.of("kind", "kennel", "name", "Nope"),
                owner.accessToken()),
            api.post(
                "/api/v1/businesses",
                Map.of("kind", "clinic", "name", "x".repeat(101)),
                owner.accessToken()),
            api.post(
                "/api/v1/businesses", Map.of("kind", "clinic", "name", " "), owner.accessToken()),
            api.get("/api/v1/businesses/not-a-uuid", owner.accessToken()),
            patch(b + "/staff/not-a-uuid", Map.of("role", "staff"), owner),
            api.post(b + "/clients", Map.of("householdId", "not-a-uuid"), owner.accessToken()),
            invite(owner, id, "janitor", Map.of()),
            invite(owner, id, "staff", Map.of("coffee.make", "grant")),
            invite(owner, id, "staff", Map.of("billing.read", "always")),
            invite(owner, id, "owner", Map.of("billing.read", "revoke")),
            patch(member, Map.of("role", "janitor"), owner),
            patch(member, Map.of("role", "manager", "permissions", Map.of("nope", "grant")), owner),
            patch(member, Map.of(), owner),
            patch(b, Map.of("name", "y".repeat(101)), owner),
            patch(b, Map.of("name", "Fine", "requireSecondFactor", "sometimes"), owner));
    for (ApiClient.Response r : answers) {
      assertThat(r.status()).as(r.raw()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(api.get("/api/v1/businesses", owner.accessToken()).items().size()).isEqualTo(1);
    assertThat(api.get(b, owner.accessToken()).text("name")).isEqualTo("Valid");
    JsonNode hired =
        api.get(b + "/staff", owner.accessToken())
            .items()
            .valueStream()
            .filter(m -> m.path("email").asString().equals(walker.email()))
            .findFirst()
            .orElseThrow();
    assertThat(hired.path("role").asString()).isEqualTo("staff");
    assertThat(hired.path("overrides").size()).isZero();
    assertThat(api.all(b + "/audit", owner.accessToken()).size()).isEqualTo(auditBefore);
  }

  @Test
  void postingToStaffPointsAtStaffInvites() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Alias");
    ApiClient.Response r =
        api.post(
            "/api/v1/businesses/" + id + "/staff", Map.of("role", "staff"), owner.accessToken());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.text("detail")).contains("staff-invites");
    assertThat(r.header("Allow")).isEqualTo("GET");
  }

  @Test
  void businessEventsAreAuditedAndOnlyAuditorsReadThem() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "care_company", "Audited");
    User walker = signedInUser("walker");
    hire(owner, id, walker, "staff");
    changeMember(owner, id, walker, Map.of("role", "accountant"));
    api.delete("/api/v1/businesses/" + id + "/staff/" + userId(walker), null, owner.accessToken());
    List<String> actions =
        api.get("/api/v1/businesses/" + id + "/audit", owner.accessToken())
            .items()
            .valueStream()
            .map(e -> e.path("action").asString())
            .toList();
    assertThat(actions)
        .containsExactly(
            "staff.removed", "staff.updated", "staff.joined", "staff.invited", "business.created");
    User stranger = signedInUser("stranger");
    assertThat(api.get("/api/v1/businesses/" + id + "/audit", stranger.accessToken()).status())
        .isEqualTo(404);
  }
}
