package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Nobody grants what they do not hold (AUTHZ-9): a role is a grant of every permission its template
 * carries after overrides, judged when it is given and again when an invitation is accepted; only
 * owners make owners.
 */
class StaffGrantTests extends BusinessTestSupport {

  private static final Map<String, String> WITHOUT_CLINICAL =
      Map.of(
          "medical.read", "revoke",
          "medical.write", "revoke",
          "controlled.administer", "revoke",
          "controlled.log.read", "revoke");

  @Test
  void aManagerCannotInviteSomeoneAsVeterinarianOrVetTechnician() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Invites");
    User manager = withSecondFactor("manager");
    hire(owner, id, manager, "manager");
    int auditBefore = audit(owner, id).size();

    for (ApiClient.Response r :
        List.of(
            invite(manager, id, "veterinarian", Map.of()),
            invite(manager, id, "vet_technician", Map.of()),
            invite(manager, id, "veterinarian", Map.of("medical.read", "revoke")))) {
      assertThat(r.status()).as(r.raw()).isEqualTo(403);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(audit(owner, id).size()).isEqualTo(auditBefore);
  }

  @Test
  void aManagerCannotPromoteStaffToARoleWhoseTemplateTheyLack() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Promotions");
    User manager = withSecondFactor("manager");
    hire(owner, id, manager, "manager");
    User walker = signedInUser("walker");
    hire(manager, id, walker, "staff");

    for (String role : List.of("veterinarian", "vet_technician")) {
      ApiClient.Response r = changeMember(manager, id, walker, Map.of("role", role));
      assertThat(r.status()).as(r.raw()).isEqualTo(403);
    }
    assertThat(api.get("/api/v1/businesses/" + id, walker.accessToken()).text("role"))
        .isEqualTo("staff");
    // A role within what the manager holds may be given.
    assertThat(changeMember(manager, id, walker, Map.of("role", "accountant")).status())
        .isEqualTo(200);
  }

  @Test
  void aManagerGivesARoleOnlyAsFarAsItsPermissionsAfterOverridesAreTheirOwn() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Overrides");
    User manager = withSecondFactor("manager");
    hire(owner, id, manager, "manager");
    User assistant = signedInUser("assistant");

    hire(manager, id, assistant, "veterinarian", WITHOUT_CLINICAL);
    assertThat(permissions(assistant, id))
        .containsExactly("bookings.read", "bookings.write", "care.log", "clients.read");
    // Dropping a revoke gives the permission back: only someone who holds it may.
    ApiClient.Response restore =
        changeMember(
            manager, id, assistant, Map.of("permissions", Map.of("medical.read", "inherit")));
    assertThat(restore.status()).as(restore.raw()).isEqualTo(403);
    assertThat(permissions(assistant, id)).doesNotContain("medical.read");
    assertThat(
            changeMember(
                    owner, id, assistant, Map.of("permissions", Map.of("medical.read", "inherit")))
                .status())
        .isEqualTo(200);
    assertThat(permissions(assistant, id)).contains("medical.read");
  }

  @Test
  void anInvitationWhoseCreatorCanNoLongerGiveItsRoleCannotBeAccepted() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Demoted");
    User manager = withSecondFactor("manager");
    hire(owner, id, manager, "manager");
    User walker = signedInUser("walker");
    ApiClient.Response invited = invite(manager, id, "staff", Map.of());
    assertThat(invited.status()).as(invited.raw()).isEqualTo(201);

    assertThat(changeMember(owner, id, manager, Map.of("role", "accountant")).status())
        .isEqualTo(200);
    ApiClient.Response accepted =
        api.post(
            "/api/v1/staff-invites/accept",
            Map.of("token", invited.text("token")),
            walker.accessToken());
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(400);
    assertThat(api.get("/api/v1/businesses/" + id, walker.accessToken()).status()).isEqualTo(404);
  }

  private List<String> permissions(User member, String business) {
    return api.get("/api/v1/businesses/" + business, member.accessToken())
        .json()
        .path("permissions")
        .valueStream()
        .map(JsonNode::asString)
        .toList();
  }

  private List<JsonNode> audit(User owner, String business) {
    return api.get("/api/v1/businesses/" + business + "/audit", owner.accessToken())
        .json()
        .valueStream()
        .toList();
  }
}
