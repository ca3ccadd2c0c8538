package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Membership, invitation and household deletion routes, called by every kind of caller. These
 * change who belongs where, so each caller acts on a target of its own (a fresh member, invite or
 * household) and one caller's success never changes what the next one sees.
 */
class MembershipIsolationMatrixTests extends HouseholdMatrixFixture {

  private static final String ACCEPT = "/api/v1/invites/accept";

  private static final String TABLE =
      """
      | method | path                                                | body        | owner | member | sitterInside | sitterOutside | stranger | otherOwner | anonymous |
      |--------|-----------------------------------------------------|-------------|-------|--------|--------------|---------------|----------|------------|-----------|
      | DELETE | /api/v1/households/{doomed}                         |             | 202   | 403    | 403          | 403           | 404      | 404        | 401       |
      | POST   | /api/v1/households/{household}/invites              | memberRole  | 201   | 403    | 403          | 403           | 404      | 404        | 401       |
      | DELETE | /api/v1/households/{household}/invites/{invite}     |             | 204   | 403    | 403          | 403           | 404      | 404        | 401       |
      | PATCH  | /api/v1/households/{household}/members/{joiner}     | sitterRole  | 204   | 403    | 403          | 403           | 404      | 404        | 401       |
      | DELETE | /api/v1/households/{household}/members/{joiner}     |             | 204   | 403    | 403          | 403           | 404      | 404        | 401       |
      # Any member may leave; the only owner may not, or the household would have none.
      | DELETE | /api/v1/households/{leavable}/members/{self}        |             | 409   | 204    | 204          | 204           | 404      | 404        | 401       |
      # Anyone signed in may accept with the token; members already belong and get 400.
      | POST   | /api/v1/invites/accept                              | joinable    | 400   | 400    | 400          | 400           | 200      | 200        | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> everyMembershipRouteAnswersEveryCallerAsItsRoleAllows() {
    String id = household("Members");
    String h = "/api/v1/households/" + id;
    return matrix(TABLE)
        .id("household", id)
        // Each caller deletes a household, revokes an invite, changes or removes a member, leaves
        // a household and accepts an invite of its own.
        .id("doomed", cell -> household("Doomed"))
        .id("invite", cell -> invite(h).text("id"))
        .id(
            "joiner",
            cell -> {
              User joiner = signedInUser("target");
              join(people.get(OWNER), id, joiner, "member");
              return userId(joiner);
            })
        .id("leavable", cell -> household("Left"))
        // Without a token there is no self: the anonymous caller tries to remove the member.
        .id("self", cell -> userIds.getOrDefault(cell.caller(), userIds.get(MEMBER)))
        .body("memberRole", Map.of("role", "member"))
        .body("sitterRole", Map.of("role", "sitter"))
        .body(
            "joinable",
            cell ->
                Map.of(
                    "token", invite("/api/v1/households/" + household("Joinable")).text("token")))
        .tests(api);
  }

  @Test
  void aRevokedUsedOrUnknownInviteAnswersEveryCallerTheSameProblem() {
    String h = "/api/v1/households/" + household("Invites");
    ApiClient.Response revoked = invite(h);
    asOwner("DELETE", h + "/invites/" + revoked.text("id"), null, 204);
    String used = invite(h).text("token");
    ApiClient.Response r =
        api.post(ACCEPT, Map.of("token", used), signedInUser("first").accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);

    ApiClient.Response unknown = accept(STRANGER, "never-issued");
    assertThat(unknown.status()).isEqualTo(400);
    for (String token : List.of(revoked.text("token"), used)) {
      for (String caller : people.keySet()) {
        assertThat(accept(caller, token).raw()).as(caller + " " + token).isEqualTo(unknown.raw());
      }
    }
    assertThat(api.get(h, people.get(STRANGER).accessToken()).status()).isEqualTo(404);
  }

  private ApiClient.Response invite(String h) {
    return asOwner("POST", h + "/invites", Map.of("role", "member"), 201);
  }

  private ApiClient.Response accept(String caller, String token) {
    return api.post(ACCEPT, Map.of("token", token), people.get(caller).accessToken());
  }
}
