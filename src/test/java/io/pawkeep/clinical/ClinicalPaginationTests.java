package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A pet's clinical record and prescriptions and a clinic's controlled-substance log are read a page
 * at a time (HARD-8), newest first, and a cursor never reaches another pet's record.
 */
class ClinicalPaginationTests extends ClinicalTestSupport {

  @Test
  void clinicalEntriesPrescriptionsAndTheControlledLogAreWalkedInPagesNewestFirst() {
    clinicWithClientPet();
    List<String> entries = new ArrayList<>();
    List<String> prescriptions = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      // The clock does not move: entries share their time and are ordered by id.
      entries.add(writeEntry(vet, pet, entry(clinic, "weight", "w" + k, null)).text("id"));
      Map<String, Object> body = new HashMap<>(prescription(clinic, "10"));
      body.put("drug", "Drug " + (char) ('A' + k));
      String id = prescribe(vet, pet, body).text("id");
      prescriptions.add(id);
      assertThat(administer(vet, id, "1").status()).isEqualTo(201);
    }
    String base = "/api/v1/pets/" + pet;
    assertNewestFirst(
        api.all(base + "/clinical/entries", vet.accessToken(), 2), entries, "recordedAt");
    assertNewestFirst(api.all(base + "/clinical", family.accessToken(), 2), entries, "recordedAt");
    assertNewestFirst(
        api.all(base + "/prescriptions", familyMember.accessToken(), 2),
        prescriptions,
        "prescribedAt");
    List<JsonNode> log =
        api.all("/api/v1/businesses/" + clinic + "/controlled-log", clinicOwner.accessToken(), 2);
    assertThat(log).hasSize(5);
    assertThat(log.stream().map(a -> a.path("prescriptionId").asString()))
        .containsExactlyInAnyOrderElementsOf(prescriptions);
    List<JsonNode> balances =
        api.all(
            "/api/v1/businesses/" + clinic + "/controlled-log/balances",
            clinicOwner.accessToken(),
            2);
    assertThat(balances.stream().map(b -> b.path("drug").asString()))
        .containsExactly("Drug A", "Drug B", "Drug C", "Drug D", "Drug E");
  }

  @Test
  void aCursorOfOnePetsRecordReachesNothingOfItForAnotherHousehold() {
    clinicWithClientPet();
    for (int k = 0; k < 3; k++) {
      writeEntry(vet, pet, entry(clinic, "weight", "w" + k, null));
    }
    String cursor =
        api.get("/api/v1/pets/" + pet + "/clinical/entries?limit=1", vet.accessToken())
            .text("next");
    assertThat(cursor).isNotNull();
    User neighbour = signedInUser("neighbour");
    String theirs = createHousehold(neighbour, "Next Door");
    String theirPet = createPet(neighbour, theirs, "Tom");
    assertThat(
            api.get("/api/v1/pets/" + pet + "/clinical?cursor=" + cursor, neighbour.accessToken())
                .status())
        .isEqualTo(404);
    ApiClient.Response own =
        api.get("/api/v1/pets/" + theirPet + "/clinical?cursor=" + cursor, neighbour.accessToken());
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(own.items()).isEmpty();
    assertThat(
            api.get(
                    "/api/v1/pets/" + theirPet + "/clinical/entries?cursor=" + cursor,
                    vet.accessToken())
                .status())
        .isEqualTo(404);
  }

  private static void assertNewestFirst(List<JsonNode> items, List<String> ids, String time) {
    assertThat(items.stream().map(i -> i.path("id").asString()).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(items)
        .isSortedAccordingTo(
            Comparator.comparing((JsonNode i) -> Instant.parse(i.path(time).asString()))
                .thenComparing(i -> i.path("id").asString())
                .reversed());
  }
}
