package io.pawkeep.businesses;

import io.pawkeep.testing.AccessMatrix;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every business route, and the household side of client relationships, called by every kind of
 * caller: staff get what their role's permissions allow (403 otherwise), anyone not on the staff
 * (another business's owner, a client household's owner, a stranger) gets 404 exactly like a
 * missing id, and a caller without a token 401. Owners and managers are signed in with the second
 * factor the business requires.
 */
class BusinessIsolationMatrixTests extends BusinessTestSupport {

  private static final String TABLE =
      """
      | method | path                                                   | body          | owner | manager | staff | accountant | veterinarian | otherBusiness | client | stranger | anonymous |
      |--------|--------------------------------------------------------|---------------|-------|---------|-------|------------|--------------|---------------|--------|----------|-----------|
      | POST   | /api/v1/businesses                                     | newBusiness   | 201   | 201     | 201   | 201        | 201          | 201           | 201    | 201      | 401       |
      | GET    | /api/v1/businesses                                     |               | 200   | 200     | 200   | 200        | 200          | 200           | 200    | 200      | 401       |
      | GET    | /api/v1/businesses/{business}                          |               | 200   | 200     | 200   | 200        | 200          | 404           | 404    | 404      | 401       |
      | PATCH  | /api/v1/businesses/{business}                          | rename        | 200   | 200     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | PATCH  | /api/v1/businesses/{business}                          | secondFactor  | 200   | 403     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/staff                    |               | 200   | 200     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/staff-invites            | staffRole     | 201   | 201     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | DELETE | /api/v1/businesses/{business}/staff-invites/{invite}   |               | 204   | 204     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | PATCH  | /api/v1/businesses/{business}/staff/{target}           | staffRole     | 200   | 200     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | DELETE | /api/v1/businesses/{business}/staff/{leaver}           |               | 204   | 204     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/staff                    | empty         | 405   | 405     | 405   | 405        | 405          | 405           | 405    | 405      | 401       |
      | GET    | /api/v1/businesses/{business}/clients                  |               | 200   | 200     | 200   | 403        | 200          | 404           | 404    | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/clients                  | client        | 202   | 202     | 202   | 403        | 202          | 404           | 404    | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/audit                    |               | 200   | 200     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/api-keys                 |               | 200   | 200     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/api-keys                 | newKey        | 201   | 201     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | DELETE | /api/v1/businesses/{business}/api-keys/{api-key}       |               | 204   | 204     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/access-review            |               | 200   | 200     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/care-settings            |               | 200   | 200     | 200   | 200        | 200          | 404           | 404    | 404      | 401       |
      | PUT    | /api/v1/businesses/{business}/care-settings            | careSettings  | 200   | 200     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | GET    | /api/v1/households/{household}/access-review           |               | 404   | 404     | 404   | 404        | 404          | 404           | 200    | 404      | 401       |
      | GET    | /api/v1/households/{household}/businesses              |               | 404   | 404     | 404   | 404        | 404          | 404           | 200    | 404      | 401       |
      | POST   | /api/v1/households/{household}/businesses/{business}/grant |           | 404   | 404     | 404   | 404        | 404          | 404           | 200    | 404      | 401       |
      | DELETE | /api/v1/households/{household}/businesses/{business}   |               | 404   | 404     | 404   | 404        | 404          | 404           | 204    | 404      | 401       |
      # Anyone signed in may accept a staff invitation; who is already on the staff gets 400.
      # Last, as the outsiders who accept join the staff.
      | POST   | /api/v1/staff-invites/accept                           | staffInvite   | 400   | 400     | 400   | 400        | 400          | 200           | 200    | 200      | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> everyBusinessRouteAnswersEveryCallerAsItsRoleAllows() {
    User owner = withSecondFactor("owner");
    User manager = withSecondFactor("manager");
    User otherBusiness = withSecondFactor("otherBusiness");
    User client = signedInUser("client");
    String id = createBusiness(owner, "clinic", "Matrix Clinic");
    createBusiness(otherBusiness, "clinic", "Elsewhere");
    AccessMatrix matrix =
        AccessMatrix.of(TABLE)
            .caller("owner", owner.accessToken())
            .caller("manager", manager.accessToken())
            .caller("otherBusiness", otherBusiness.accessToken())
            .caller("client", client.accessToken())
            .caller("stranger", signedInUser("stranger").accessToken())
            .caller("anonymous", null);
    hire(owner, id, manager, "manager");
    for (String role : List.of("staff", "accountant", "veterinarian")) {
      User hired = signedInUser(role);
      hire(owner, id, hired, role);
      matrix.caller(role, hired.accessToken());
    }
    String household = createHousehold(client, "Client Home");
    grant(client, household, id);
    User target = signedInUser("target");
    hire(owner, id, target, "staff");
    return matrix
        .id("business", id)
        .id("household", household)
        .id("target", userId(target))
        // Each caller revokes an invitation, removes a member and revokes a key of its own.
        .id("invite", cell -> invite(owner, id, "staff", Map.of()).text("id"))
        .id(
            "leaver",
            cell -> {
              User leaver = signedInUser("leaver-" + cell.caller());
              hire(owner, id, leaver, "staff");
              return userId(leaver);
            })
        .id(
            "api-key",
            cell ->
                api.post(
                        "/api/v1/businesses/" + id + "/api-keys",
                        Map.of("name", "Doomed", "permissions", List.of("clients.read")),
                        owner.accessToken())
                    .text("id"))
        .body("newBusiness", Map.of("kind", "care_company", "name", "Own Walkers"))
        .body("rename", Map.of("name", "Renamed"))
        .body("secondFactor", Map.of("requireSecondFactor", true))
        .body("staffRole", Map.of("role", "staff"))
        .body("empty", Map.of())
        .body("client", Map.of("householdId", household))
        .body("newKey", Map.of("name", "Sync", "permissions", List.of("clients.read")))
        .body("careSettings", Map.of("recordTracks", true, "clientsSeeTracks", false))
        .body(
            "staffInvite",
            cell -> Map.of("token", invite(owner, id, "staff", Map.of()).text("token")))
        .tests(api);
  }
}
