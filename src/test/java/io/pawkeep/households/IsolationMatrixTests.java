package io.pawkeep.households;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every household, pet, access-secret, key, audit and export route, called by every kind of caller,
 * answers the status its role allows: owners do everything, members what members may, sitters read
 * (and reveal secrets only inside their window), and strangers or another household's owner get 404
 * exactly like a missing id. Membership, invitation and household deletion routes are in {@link
 * MembershipIsolationMatrixTests}.
 */
class IsolationMatrixTests extends IsolationMatrixSupport {

  @Test
  void everyRouteAnswersEveryCallerAsItsRoleAllows() {
    String h = "/api/v1/households/" + household("Matrix");
    String pet =
        "/api/v1/pets/" + ownerCreates(h + "/pets", Map.of("name", "Bo", "species", "dog"));
    String key = "/api/v1/keys/" + ownerCreates(h + "/keys", Map.of("label", "Door", "copies", 3));
    asOwner("PUT", h + "/access-secrets", Map.of("alarmCode", "2468"), 204);
    var newPet = Map.of("name", "Pip", "species", "cat");
    var newKey = Map.of("label", "Shed", "copies", 1);
    var secrets = Map.of("alarmCode", "1357");
    var care = Map.of("feeding", "Twice a day");
    var revealed = statuses(200, 200, 200, 403, 404, 404); // sitters only inside their window
    assertEveryCallerGetsWhatItsRoleAllows(
        List.of(
            row("POST", "/api/v1/households", Map.of("name", "Mine"), anyoneSignedIn(201)),
            read("/api/v1/households", anyoneSignedIn(200)),
            read(h, householdReads()),
            row("PATCH", h, Map.of("name", "Renamed"), ownersOnly(200)),
            read(h + "/members", householdReads()),
            read(h + "/pets", householdReads()),
            row("POST", h + "/pets", newPet, ownersAndMembers(201)),
            read(pet, householdReads()),
            row("PATCH", pet, Map.of("breed", "Beagle"), ownersAndMembers(200)),
            row("DELETE /api/v1/pets/{id}", freshPet(h), ownersAndMembers(204)),
            row("PUT", pet + "/care-instructions", care, ownersAndMembers(200)),
            read(pet + "/clinical", householdReads()),
            row("PUT", h + "/access-secrets", secrets, ownersOnly(204)),
            row("POST", h + "/access-secrets/reveal", Map.of(), revealed),
            read(h + "/access-secrets/reveals", ownersOnly(200)),
            read(h + "/keys", householdReads()),
            row("POST", h + "/keys", newKey, ownersOnly(201)),
            row("POST", key + "/handovers", Map.of("holderName", "Sam"), ownersOnly(201)),
            read(key + "/handovers", householdReads()),
            row("POST /api/v1/keys/{id}/return", freshHandover(h), ownersOnly(204)),
            read(h + "/audit", ownersOnly(200)),
            read(h + "/export", ownersOnly(200))));
  }

  /** Each caller deletes a pet of its own, so one caller's success cannot hide another's. */
  private Function<Caller, Call> freshPet(String h) {
    return caller -> {
      String petId = ownerCreates(h + "/pets", Map.of("name", "Fresh", "species", "rabbit"));
      return new Call("DELETE", "/api/v1/pets/" + petId, null);
    };
  }

  /** Each caller returns a copy of a key of its own, handed over just for it. */
  private Function<Caller, Call> freshHandover(String h) {
    return caller -> {
      String keyId = ownerCreates(h + "/keys", Map.of("label", "Gate", "copies", 1));
      String handoverId =
          ownerCreates("/api/v1/keys/" + keyId + "/handovers", Map.of("holderName", "Sam"));
      return new Call(
          "POST", "/api/v1/keys/" + keyId + "/return", Map.of("handoverId", handoverId));
    };
  }
}
