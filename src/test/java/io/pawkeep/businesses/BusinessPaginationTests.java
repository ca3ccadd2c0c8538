package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A business's lists are read a page at a time (HARD-8): its staff, clients, API keys and audit
 * trail, a person's businesses and a household's businesses. A cursor reaches nothing the caller
 * could not list anyway.
 */
class BusinessPaginationTests extends BusinessTestSupport {

  @Test
  void businessesStaffClientsApiKeysAndTheAuditTrailAreWalkedInPagesOfTwo() {
    User owner = withSecondFactor("owner");
    List<String> businesses = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      businesses.add(createBusiness(owner, "care_company", "Paws " + k));
    }
    assertThat(ids(api.all("/api/v1/businesses", owner.accessToken(), 2), "id"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(businesses);

    String b = "/api/v1/businesses/" + businesses.get(0);
    List<String> staff = new ArrayList<>(List.of(userId(owner)));
    User restricted = signedInUser("restricted");
    hire(owner, businesses.get(0), restricted, "staff", Map.of("clients.read", "revoke"));
    staff.add(userId(restricted));
    User walker = signedInUser("walker");
    hire(owner, businesses.get(0), walker, "staff");
    staff.add(userId(walker));
    List<JsonNode> members = api.all(b + "/staff", owner.accessToken(), 2);
    assertThat(ids(members, "userId"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(staff);
    // Each member's overrides come with them, on whichever page they fall.
    for (JsonNode m : members) {
      String expected = m.path("userId").asString().equals(userId(restricted)) ? "revoke" : null;
      assertThat(m.path("overrides").path("clients.read").asString(null)).isEqualTo(expected);
    }

    List<String> households = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      User family = signedInUser("family");
      String household = createHousehold(family, "Home " + k);
      households.add(household);
      for (String business : businesses) {
        grant(family, household, business);
      }
      if (k == 0) {
        assertThat(
                ids(
                    api.all(
                        "/api/v1/households/" + household + "/businesses", family.accessToken(), 2),
                    "businessId"))
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(businesses);
      }
    }
    assertThat(ids(api.all(b + "/clients", walker.accessToken(), 2), "householdId"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(households);

    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      ApiClient.Response key =
          api.post(
              b + "/api-keys",
              Map.of("name", "Key " + k, "permissions", List.of("clients.read")),
              owner.accessToken());
      assertThat(key.status()).as(key.raw()).isEqualTo(201);
      keys.add(key.text("id"));
    }
    assertThat(ids(api.all(b + "/api-keys", owner.accessToken(), 2), "id"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(keys);

    List<JsonNode> trail = api.all(b + "/audit", owner.accessToken(), 2);
    List<Long> seqs = trail.stream().map(e -> e.path("seq").asLong()).toList();
    assertThat(seqs).hasSizeGreaterThan(5).doesNotHaveDuplicates();
    assertThat(seqs).isSortedAccordingTo((x, y) -> Long.compare(y, x));
  }

  @Test
  void aCursorOfOneBusinessReachesNothingOfItFromAnother() {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "care_company", "Ours");
    for (int k = 0; k < 2; k++) {
      hire(owner, business, signedInUser("walker"), "staff");
    }
    String b = "/api/v1/businesses/" + business;
    String staffCursor = api.get(b + "/staff?limit=1", owner.accessToken()).text("next");
    String auditCursor = api.get(b + "/audit?limit=1", owner.accessToken()).text("next");
    assertThat(staffCursor).isNotNull();
    assertThat(auditCursor).isNotNull();

    User rival = withSecondFactor("rival");
    String theirs = createBusiness(rival, "care_company", "Theirs");
    assertThat(api.get(b + "/staff?cursor=" + staffCursor, rival.accessToken()).status())
        .isEqualTo(404);
    assertThat(api.get(b + "/audit?cursor=" + auditCursor, rival.accessToken()).status())
        .isEqualTo(404);
    ApiClient.Response own =
        api.get(
            "/api/v1/businesses/" + theirs + "/staff?cursor=" + staffCursor, rival.accessToken());
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    ids(own.items().valueStream().toList(), "userId")
        .forEach(id -> assertThat(id).isEqualTo(userId(rival)));
    ApiClient.Response ownTrail =
        api.get(
            "/api/v1/businesses/" + theirs + "/audit?cursor=" + auditCursor, rival.accessToken());
    assertThat(ownTrail.status()).as(ownTrail.raw()).isEqualTo(200);
    ownTrail.items().forEach(e -> assertThat(e.path("targetId").asString()).isNotEqualTo(business));
  }

  private static List<String> ids(List<JsonNode> items, String field) {
    return items.stream().map(i -> i.path(field).asString()).toList();
  }
}
