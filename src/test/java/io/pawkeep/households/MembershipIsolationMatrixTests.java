package io.pawkeep.households;

import static io.pawkeep.households.IsolationMatrixSupport.Caller.OWNER;
import static io.pawkeep.households.IsolationMatrixSupport.Caller.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Membership, invitation and household deletion routes, called by every kind of caller. These
 * change who belongs where, so each caller acts on a target of its own (a fresh member, invite or
 * household) and one caller's success never changes what the next one sees.
 */
class MembershipIsolationMatrixTests extends IsolationMatrixSupport {

  private static final String ACCEPT = "/api/v1/invites/accept";

  @Test
  void everyMembershipRouteAnswersEveryCallerAsItsRoleAllows() {
    String id = household("Members");
    String h = "/api/v1/households/" + id;
    assertEveryCallerGetsWhatItsRoleAllows(
        List.of(
            row("DELETE /api/v1/households/{id}", freshHousehold(), ownersOnly(204)),
            row("POST", h + "/invites", Map.of("role", "member"), ownersOnly(201)),
            row("DELETE /api/v1/households/{id}/invites/{id}", freshInvite(h), ownersOnly(204)),
            row(
                "PATCH /api/v1/households/{id}/members/{id}",
                freshMember(id, "PATCH", Map.of("role", "sitter")),
                ownersOnly(204)),
            row(
                "DELETE /api/v1/households/{id}/members/{id}",
                freshMember(id, "DELETE", null),
                ownersOnly(204)),
            // Any member may leave; the only owner may not, or the household would have none.
            row(
                "DELETE /api/v1/households/{id}/members/{own id}",
                leaveFreshHousehold(),
                statuses(409, 204, 204, 204, 404, 404)),
            // Anyone signed in may accept with the token; members already belong and get 400.
            row(
                "POST " + ACCEPT,
                acceptInviteToFreshHousehold(),
                statuses(400, 400, 400, 400, 200, 200))));
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
      for (Caller caller : Caller.values()) {
        assertThat(accept(caller, token).raw()).as(caller + " " + token).isEqualTo(unknown.raw());
      }
    }
    assertThat(api.get(h, people.get(STRANGER).accessToken()).status()).isEqualTo(404);
  }

  /** Each caller deletes a household of its own, in which every caller has its role. */
  private Function<Caller, Call> freshHousehold() {
    return caller -> new Call("DELETE", "/api/v1/households/" + household("Doomed"), null);
  }

  /** Each caller revokes an invite of its own. */
  private Function<Caller, Call> freshInvite(String h) {
    return caller -> new Call("DELETE", h + "/invites/" + invite(h).text("id"), null);
  }

  /** Each caller changes or removes a member of its own, who joined just for it. */
  private Function<Caller, Call> freshMember(String id, String method, Object body) {
    return caller -> {
      User target = signedInUser("target");
      join(people.get(OWNER), id, target, "member");
      return new Call(method, "/api/v1/households/" + id + "/members/" + userId(target), body);
    };
  }

  /** Each caller removes itself from a household of its own. */
  private Function<Caller, Call> leaveFreshHousehold() {
    return caller ->
        new Call(
            "DELETE",
            "/api/v1/households/" + household("Left") + "/members/" + userIds.get(caller),
            null);
  }

  /** Each caller accepts a fresh invite to a household of its own. */
  private Function<Caller, Call> acceptInviteToFreshHousehold() {
    return caller -> {
      String token = invite("/api/v1/households/" + household("Joinable")).text("token");
      return new Call("POST", ACCEPT, Map.of("token", token));
    };
  }

  private ApiClient.Response invite(String h) {
    return asOwner("POST", h + "/invites", Map.of("role", "member"), 201);
  }

  private ApiClient.Response accept(Caller caller, String token) {
    return api.post(ACCEPT, Map.of("token", token), people.get(caller).accessToken());
  }
}
