package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** LOG-4: who can access what, per business and per household, and why. */
class AccessReviewTests extends BusinessTestSupport {

  @Test
  void businessReviewShowsEachMembersPermissionsOverridesAndTheHouseholdsTheyReachAndWhy() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Reviewed");
    User walker = signedInUser("walker");
    hire(boss, id, walker, "staff");
    User clerk = signedInUser("clerk");
    hire(boss, id, clerk, "accountant");
    changeMember(boss, id, clerk, Map.of("permissions", Map.of("clients.read", "grant")));
    User benched = signedInUser("benched");
    hire(boss, id, benched, "staff");
    changeMember(boss, id, benched, Map.of("permissions", Map.of("clients.read", "revoke")));
    User client = signedInUser("client");
    String household = createHousehold(client, "Client Home");
    api.post(
        "/api/v1/households/" + household + "/businesses/" + id + "/grant",
        null,
        client.accessToken());
    createHousehold(client, "Not A Client");
    User manager = withSecondFactor("manager");
    hire(boss, id, manager, "manager");
    api.post(
        "/api/v1/businesses/" + id + "/api-keys",
        Map.of("name", "Sync", "permissions", java.util.List.of("clients.read", "audit.read")),
        manager.accessToken());
    changeMember(boss, id, manager, Map.of("permissions", Map.of("audit.read", "revoke")));

    ApiClient.Response review =
        api.get("/api/v1/businesses/" + id + "/access-review", boss.accessToken());
    assertThat(review.status()).as(review.raw()).isEqualTo(200);
    assertThat(review.json().path("staff").size()).isEqualTo(5);
    JsonNode key = review.json().path("apiKeys").get(0);
    assertThat(key.path("name").asString()).isEqualTo("Sync");
    assertThat(key.path("scope").size()).isEqualTo(2);
    assertThat(key.path("permissions").toString()).isEqualTo("[\"clients.read\"]");
    assertThat(review.raw()).doesNotContain("secret").doesNotContain("hash");
    JsonNode w = member(review, walker);
    assertThat(w.path("role").asString()).isEqualTo("staff");
    assertThat(w.path("granted").size()).isZero();
    assertThat(w.path("households").size()).isEqualTo(1);
    assertThat(w.path("households").get(0).path("householdId").asString()).isEqualTo(household);
    assertThat(w.path("households").get(0).path("name").asString()).isEqualTo("Client Home");
    assertThat(w.path("households").get(0).path("via").asString()).isEqualTo("role");
    JsonNode c = member(review, clerk);
    assertThat(c.path("granted").get(0).asString()).isEqualTo("clients.read");
    assertThat(c.path("households").get(0).path("via").asString()).isEqualTo("override");
    JsonNode b = member(review, benched);
    assertThat(b.path("revoked").get(0).asString()).isEqualTo("clients.read");
    assertThat(b.path("permissions").toString()).doesNotContain("clients.read");
    assertThat(b.path("households").size()).isZero();

    assertThat(
            api.get("/api/v1/businesses/" + id + "/access-review", walker.accessToken()).status())
        .isEqualTo(403);
    assertThat(
            api.get("/api/v1/businesses/" + id + "/access-review", client.accessToken()).status())
        .isEqualTo(404);
  }

  @Test
  void householdReviewShowsItsPeopleAndTheBusinessesWithTheStaffWhoReachIt() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Reviewed Home");
    User sitter = signedInUser("sitter");
    join(owner, household, sitter, "sitter");
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Walkers");
    User walker = signedInUser("walker");
    hire(boss, id, walker, "staff");
    User clerk = signedInUser("clerk");
    hire(boss, id, clerk, "accountant");
    String other = createBusiness(boss, "clinic", "Never Granted");
    api.post(
        "/api/v1/households/" + household + "/businesses/" + id + "/grant",
        null,
        owner.accessToken());
    api.post(
        "/api/v1/businesses/" + other + "/clients",
        Map.of("householdId", household),
        boss.accessToken());

    ApiClient.Response review =
        api.get("/api/v1/households/" + household + "/access-review", owner.accessToken());
    assertThat(review.status()).as(review.raw()).isEqualTo(200);
    assertThat(review.json().path("people").size()).isEqualTo(2);
    assertThat(review.raw()).contains("\"role\":\"sitter\"");
    JsonNode businesses = review.json().path("businesses");
    assertThat(businesses.size()).as("pending requests grant nothing").isEqualTo(1);
    assertThat(businesses.get(0).path("businessId").asString()).isEqualTo(id);
    JsonNode staff = businesses.get(0).path("staff");
    assertThat(staff.size()).as("the accountant does not reach client households").isEqualTo(2);
    assertThat(staff.toString()).contains("\"role\":\"staff\"").contains("\"role\":\"owner\"");

    assertThat(
            api.get("/api/v1/households/" + household + "/access-review", sitter.accessToken())
                .status())
        .isEqualTo(403);
    assertThat(
            api.get("/api/v1/households/" + household + "/access-review", boss.accessToken())
                .status())
        .isEqualTo(404);
  }

  private JsonNode member(ApiClient.Response review, User user) {
    String id = userId(user);
    for (JsonNode member : review.json().path("staff")) {
      if (member.path("userId").asString().equals(id)) {
        return member;
      }
    }
    throw new AssertionError("not in the review: " + id);
  }
}
