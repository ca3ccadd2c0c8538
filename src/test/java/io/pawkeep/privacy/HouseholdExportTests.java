package io.pawkeep.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HouseholdExportTests extends ApiTestSupport {

  @Test
  void ownerExportsEverythingAndSecretsOnlyRightAfterSigningIn() {
    User owner = signedInUser("owner");
    String id = household(owner);
    api.send(
        "PUT",
        "/api/v1/households/" + id + "/access-secrets",
        Map.of("alarmCode", "2468-export"),
        owner.accessToken(),
        Map.of());
    api.post(
        "/api/v1/households/" + id + "/keys",
        Map.of("label", "Gate", "copies", 1),
        owner.accessToken());

    String pet =
        api.post(
                "/api/v1/households/" + id + "/pets",
                Map.of("name", "Juniper", "species", "dog"),
                owner.accessToken())
            .text("id");
    api.send(
        "PUT",
        "/api/v1/pets/" + pet + "/care-instructions",
        Map.of("feeding", "Kibble", "medicalNotes", "Allergic to chicken"),
        owner.accessToken(),
        Map.of());

    ApiClient.Response plain = api.get("/api/v1/households/" + id + "/export", owner.accessToken());
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.json().path("household").path("id").asString()).isEqualTo(id);
    assertThat(plain.json().path("keys").size()).isEqualTo(1);
    assertThat(plain.json().path("members").size()).isEqualTo(1);
    assertThat(plain.raw()).doesNotContain("2468-export");
    JsonNode exported = plain.json().path("pets").get(0);
    assertThat(exported.path("pet").path("name").asString()).isEqualTo("Juniper");
    assertThat(exported.path("pet").path("careInstructions").path("medicalNotes").asString())
        .isEqualTo("Allergic to chicken");
    assertThat(exported.path("clinicalRecord").isArray()).isTrue();

    ApiClient.Response withSecrets =
        api.get("/api/v1/households/" + id + "/export?includeSecrets=true", owner.accessToken());
    assertThat(withSecrets.json().path("accessSecrets").path("alarmCode").asString())
        .isEqualTo("2468-export");
    assertThat(withSecrets.header("Cache-Control")).isEqualTo("no-store");

    // A session older than five minutes must sign in again (refreshing does not count).
    clock.advance(Duration.ofMinutes(6));
    String refreshed =
        api.post("/api/v1/auth/refresh", Map.of("refresh_token", owner.refreshToken()))
            .text("access_token");
    assertThat(
            api.get("/api/v1/households/" + id + "/export?includeSecrets=true", refreshed).status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/households/" + id + "/audit", refreshed).raw())
        .contains("household.exported");
  }

  @Test
  void onlyOwnersExport() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    User stranger = signedInUser("stranger");
    String id = household(owner);
    join(owner, id, member, "member");
    assertThat(api.get("/api/v1/households/" + id + "/export", member.accessToken()).status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/households/" + id + "/export", stranger.accessToken()).status())
        .isEqualTo(404);
  }

  private String household(User owner) {
    return createHousehold(owner, "Export");
  }
}
