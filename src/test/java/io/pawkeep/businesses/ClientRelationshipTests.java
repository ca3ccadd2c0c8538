package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ClientRelationshipTests extends BusinessTestSupport {

  @Test
  void aRequestAnswersTheSameWhetherOrNotTheHouseholdExists() {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "care_company", "Probe");
    User family = signedInUser("family");
    String household = createHousehold(family, "Real");
    String path = "/api/v1/businesses/" + business + "/clients";
    ApiClient.Response existing =
        api.post(path, Map.of("householdId", household), owner.accessToken());
    ApiClient.Response missing =
        api.post(path, Map.of("householdId", UUID.randomUUID().toString()), owner.accessToken());
    assertThat(existing.status()).isEqualTo(202);
    assertThat(missing.status()).isEqualTo(202);
    assertThat(existing.raw()).isEqualTo(missing.raw());
    // A pending request shows no client, and the household's owner sees the request.
    assertThat(api.get(path, owner.accessToken()).items().size()).isZero();
    JsonNode requests =
        api.get("/api/v1/households/" + household + "/businesses", family.accessToken()).items();
    assertThat(requests.size()).isEqualTo(1);
    assertThat(requests.get(0).path("status").asString()).isEqualTo("pending");
    assertThat(requests.get(0).path("name").asString()).isEqualTo("Probe");
  }

  @Test
  void householdOwnerGrantsAndARevocationHoldsOnTheBusinessesVeryNextRequest() {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "clinic", "Vets");
    User walker = signedInUser("walker");
    hire(owner, business, walker, "staff");
    User family = signedInUser("family");
    String household = createHousehold(family, "The Burrow");
    String clients = "/api/v1/businesses/" + business + "/clients";
    api.post(clients, Map.of("householdId", household), owner.accessToken());

    String grant = "/api/v1/households/" + household + "/businesses/" + business + "/grant";
    assertThat(api.post(grant, null, family.accessToken()).status()).isEqualTo(200);
    JsonNode seen = api.get(clients, walker.accessToken()).items();
    assertThat(seen.size()).isEqualTo(1);
    assertThat(seen.get(0).path("householdId").asString()).isEqualTo(household);
    assertThat(seen.get(0).path("name").asString()).isEqualTo("The Burrow");
    assertThat(((ObjectNode) seen.get(0)).propertyNames())
        .containsExactlyInAnyOrder("householdId", "name", "since");

    assertThat(
            api.delete(
                    "/api/v1/households/" + household + "/businesses/" + business,
                    null,
                    family.accessToken())
                .status())
        .isEqualTo(204);
    assertThat(api.get(clients, walker.accessToken()).items().size()).isZero();
    assertThat(
            api.get("/api/v1/households/" + household + "/businesses", family.accessToken())
                .items()
                .size())
        .isZero();

    // Both chains record it: the household's owner and the business's auditors see it.
    List<String> householdTrail =
        actions(api.get("/api/v1/households/" + household + "/audit", family.accessToken()));
    assertThat(householdTrail).contains("client.granted", "client.revoked");
    List<String> businessTrail =
        actions(api.get("/api/v1/businesses/" + business + "/audit", owner.accessToken()));
    assertThat(businessTrail).contains("client.requested", "client.granted", "client.revoked");
  }

  @Test
  void ownerGrantsABusinessDirectlyAndOnlyOwnersAnswerForTheHousehold() {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "care_company", "Direct");
    User family = signedInUser("family");
    User member = signedInUser("member");
    String household = createHousehold(family, "Direct Home");
    join(family, household, member, "member");
    String grant = "/api/v1/households/" + household + "/businesses/" + business + "/grant";

    assertThat(api.post(grant, null, member.accessToken()).status()).isEqualTo(403);
    assertThat(api.post(grant, null, owner.accessToken()).status()).isEqualTo(404);
    assertThat(
            api.post(
                    "/api/v1/households/"
                        + household
                        + "/businesses/"
                        + UUID.randomUUID()
                        + "/grant",
                    null,
                    family.accessToken())
                .status())
        .isEqualTo(404);
    assertThat(api.post(grant, null, family.accessToken()).status()).isEqualTo(200);
    assertThat(
            api.get("/api/v1/businesses/" + business + "/clients", owner.accessToken())
                .items()
                .size())
        .isEqualTo(1);
    assertThat(
            api.get("/api/v1/households/" + household + "/businesses", member.accessToken())
                .status())
        .isEqualTo(403);
    assertThat(
            api.delete(
                    "/api/v1/households/" + household + "/businesses/" + business,
                    null,
                    member.accessToken())
                .status())
        .isEqualTo(403);
    // Revoking what was never granted looks missing.
    assertThat(
            api.delete(
                    "/api/v1/households/" + household + "/businesses/" + UUID.randomUUID(),
                    null,
                    family.accessToken())
                .status())
        .isEqualTo(404);
  }

  private static List<String> actions(ApiClient.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.items().valueStream().map(e -> e.path("action").asString()).toList();
  }
}
