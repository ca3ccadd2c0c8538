package io.pawkeep.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AdminTests extends ApiTestSupport {

  private static final String ADMIN = "admin@pawkeep.test";
  private static final String ADMIN_WITHOUT_FACTOR = "factorless-admin@pawkeep.test";

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
    // An allowlisted address no other test signs in with, so it has no factor until this test
    // enrols one below.
    registerVerified(ADMIN_WITHOUT_FACTOR, PASSWORD);
    ApiClient.Response r = login(ADMIN_WITHOUT_FACTOR, PASSWORD);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.json().path("mfa_required").asBoolean()).isFalse();
    User victim = signedInUser("victim2");
    String victimId = api.get("/api/v1/me", victim.accessToken()).text("id");
    String deactivate = "/api/v1/admin/users/" + victimId + "/deactivate";
    assertThat(api.post(deactivate, null, r.text("access_token")).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/me", victim.accessToken()).status()).isEqualTo(200);

    // The same operator with the factor is let in: the refusal was the missing factor's.
    String secret =
        enrolTotp(
            new User(
                ADMIN_WITHOUT_FACTOR, PASSWORD, r.text("access_token"), r.text("refresh_token")));
    ApiClient.Response withFactor = loginWithTotp(ADMIN_WITHOUT_FACTOR, PASSWORD, secret);
    assertThat(withFactor.status()).as(withFactor.raw()).isEqualTo(200);
    assertThat(api.post(deactivate, null, withFactor.text("access_token")).status()).isEqualTo(204);
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

  @Test
  void anAdminSearchForAnAddressOfTheWrongShapeIsA400Problem() {
    String admin = adminToken();
    for (String address :
        List.of("\"quoted\"@example.org", "a{b}@example.org", "<x>@example.org")) {
      ApiClient.Response r =
          api.get(
              "/api/v1/admin/users?email="
                  + java.net.URLEncoder.encode(address, java.nio.charset.StandardCharsets.UTF_8),
              admin);
      assertThat(r.status()).as(address).isEqualTo(400);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
    }
    assertThat(
            api.get("/api/v1/admin/users?email=first.last%2Btag%40example.co.uk", admin).status())
        .isEqualTo(200);
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
