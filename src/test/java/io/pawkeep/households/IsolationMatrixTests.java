package io.pawkeep.households;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every household, pet, access-secret, key, audit, export and admin route, called by every kind of
 * caller, answers the status its role allows: owners do everything, members what members may,
 * sitters read (and reveal secrets only inside their window), strangers or another household's
 * owner get 404 exactly like a missing id, and a caller without a token 401. Membership, invitation
 * and household deletion routes are in {@link MembershipIsolationMatrixTests}.
 */
class IsolationMatrixTests extends HouseholdMatrixFixture {

  private static final String TABLE =
      """
      | method | path                                            | body         | owner | member | sitterInside | sitterOutside | stranger | otherOwner | anonymous |
      |--------|-------------------------------------------------|--------------|-------|--------|--------------|---------------|----------|------------|-----------|
      | POST   | /api/v1/households                              | newHousehold | 201   | 201    | 201          | 201           | 201      | 201        | 401       |
      | GET    | /api/v1/households                              |              | 200   | 200    | 200          | 200           | 200      | 200        | 401       |
      | GET    | /api/v1/households/{household}                  |              | 200   | 200    | 200          | 200           | 404      | 404        | 401       |
      | PATCH  | /api/v1/households/{household}                  | rename       | 200   | 403    | 403          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/households/{household}/members          |              | 200   | 200    | 200          | 200           | 404      | 404        | 401       |
      | GET    | /api/v1/households/{household}/pets             |              | 200   | 200    | 200          | 200           | 404      | 404        | 401       |
      | POST   | /api/v1/households/{household}/pets             | newPet       | 201   | 201    | 403          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/pets/{pet}                              |              | 200   | 200    | 200          | 200           | 404      | 404        | 401       |
      | PATCH  | /api/v1/pets/{pet}                              | breed        | 200   | 200    | 403          | 403           | 404      | 404        | 401       |
      | DELETE | /api/v1/pets/{fresh-pet}                        |              | 204   | 204    | 403          | 403           | 404      | 404        | 401       |
      | PUT    | /api/v1/pets/{pet}/care-instructions            | care         | 200   | 200    | 403          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/pets/{pet}/clinical                     |              | 200   | 200    | 200          | 200           | 404      | 404        | 401       |
      | PUT    | /api/v1/households/{household}/access-secrets   | secrets      | 204   | 403    | 403          | 403           | 404      | 404        | 401       |
      # Sitters reveal secrets only inside their sitting window.
      | POST   | /api/v1/households/{household}/access-secrets/reveal  | empty  | 200   | 200    | 200          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/households/{household}/access-secrets/reveals |        | 200   | 403    | 403          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/households/{household}/keys             |              | 200   | 200    | 200          | 200           | 404      | 404        | 401       |
      | POST   | /api/v1/households/{household}/keys             | newKey       | 201   | 403    | 403          | 403           | 404      | 404        | 401       |
      | POST   | /api/v1/keys/{key}/handovers                    | handover     | 201   | 403    | 403          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/keys/{key}/handovers                    |              | 200   | 200    | 200          | 200           | 404      | 404        | 401       |
      | POST   | /api/v1/keys/{fresh-key}/return                 | handedOver   | 204   | 403    | 403          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/households/{household}/audit            |              | 200   | 403    | 403          | 403           | 404      | 404        | 401       |
      | GET    | /api/v1/households/{household}/export           |              | 200   | 403    | 403          | 403           | 404      | 404        | 401       |
      # Platform administration is for allowlisted administrators with a second factor only.
      | POST   | /api/v1/admin/users/{target}/deactivate         |              | 403   | 403    | 403          | 403           | 403      | 403        | 401       |
      | POST   | /api/v1/admin/users/{target}/reactivate         |              | 403   | 403    | 403          | 403           | 403      | 403        | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> everyRouteAnswersEveryCallerAsItsRoleAllows() {
    String household = household("Matrix");
    String h = "/api/v1/households/" + household;
    String pet = ownerCreates(h + "/pets", Map.of("name", "Bo", "species", "dog"));
    String key = ownerCreates(h + "/keys", Map.of("label", "Door", "copies", 3));
    asOwner("PUT", h + "/access-secrets", Map.of("alarmCode", "2468"), 204);
    String target = userId(signedInUser("target"));
    return matrix(TABLE)
        .id("household", household)
        .id("pet", pet)
        .id("key", key)
        .id("target", target)
        // Each caller deletes a pet, and returns a key copy, of its own.
        .id(
            "fresh-pet",
            cell -> ownerCreates(h + "/pets", Map.of("name", "Fresh", "species", "rabbit")))
        .id("fresh-key", cell -> ownerCreates(h + "/keys", Map.of("label", "Gate", "copies", 1)))
        .body(
            "handedOver",
            cell ->
                Map.of(
                    "handoverId",
                    ownerCreates(
                        "/api/v1/keys/" + cell.id("fresh-key") + "/handovers",
                        Map.of("holderName", "Sam"))))
        .body("newHousehold", Map.of("name", "Mine"))
        .body("rename", Map.of("name", "Renamed"))
        .body("newPet", Map.of("name", "Pip", "species", "cat"))
        .body("breed", Map.of("breed", "Beagle"))
        .body("care", Map.of("feeding", "Twice a day"))
        .body("secrets", Map.of("alarmCode", "1357"))
        .body("empty", Map.of())
        .body("newKey", Map.of("label", "Shed", "copies", 1))
        .body("handover", Map.of("holderName", "Sam"))
        .tests(api);
  }
}
