package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SessionTests extends ApiTestSupport {

  @Test
  void refreshRotatesTheRefreshToken() {
    User user = signedInUser("rotate");
    ApiClient.Response r = refresh(user.refreshToken());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("refresh_token")).isNotEqualTo(user.refreshToken());
    assertThat(api.get("/api/v1/me", r.text("access_token")).status()).isEqualTo(200);
  }

  @Test
  void reusedRefreshTokenRevokesTheWholeFamily() {
    User user = signedInUser("reuse");
    ApiClient.Response rotated = refresh(user.refreshToken());
    assertThat(refresh(user.refreshToken()).status()).isEqualTo(401);
    // The legitimate holder's newer tokens die with the family.
    assertThat(refresh(rotated.text("refresh_token")).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", rotated.text("access_token")).status()).isEqualTo(401);
  }

  @Test
  void logoutRevokesTheSessionAndItsAccessToken() {
    User user = signedInUser("logout");
    assertThat(
            api.post("/api/v1/auth/logout", Map.of("refresh_token", user.refreshToken())).status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(401);
    assertThat(refresh(user.refreshToken()).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/auth/logout", Map.of("refresh_token", "unknown")).status())
        .isEqualTo(204);
  }

  @Test
  void sessionsAreListedAndRevocableOneByOne() {
    User user = signedInUser("list");
    ApiClient.Response second = login(user.email(), PASSWORD);
    ApiClient.Response list = api.get("/api/v1/me/sessions", user.accessToken());
    assertThat(list.items().size()).isEqualTo(2);
    String other = null;
    for (var s : list.items()) {
      if (!s.path("current").asBoolean()) {
        other = s.path("id").asString();
      }
    }
    assertThat(api.delete("/api/v1/me/sessions/" + other, null, user.accessToken()).status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/me", second.text("access_token")).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(200);
  }

  @Test
  void sessionsAreListedInPagesNewestFirstAndACursorReachesOnlyTheCallersOwn() {
    User user = signedInUser("pages");
    for (int k = 0; k < 3; k++) {
      assertThat(login(user.email(), PASSWORD).status()).isEqualTo(200);
    }
    List<JsonNode> sessions = api.all("/api/v1/me/sessions", user.accessToken(), 2);
    assertThat(sessions.stream().map(s -> s.path("id").asString()).distinct()).hasSize(4);
    assertThat(sessions.stream().filter(s -> s.path("current").asBoolean())).hasSize(1);
    String cursor = api.get("/api/v1/me/sessions?limit=1", user.accessToken()).text("next");
    User other = signedInUser("other");
    ApiClient.Response theirs =
        api.get("/api/v1/me/sessions?cursor=" + cursor, other.accessToken());
    assertThat(theirs.status()).as(theirs.raw()).isEqualTo(200);
    theirs
        .items()
        .forEach(
            s ->
                assertThat(sessions.stream().map(m -> m.path("id").asString()))
                    .doesNotContain(s.path("id").asString()));
  }

  @Test
  void anotherUsersSessionLooksMissing() {
    User alice = signedInUser("alice");
    User bob = signedInUser("bob");
    String bobSession =
        api.get("/api/v1/me/sessions", bob.accessToken()).items().get(0).path("id").asString();
    assertThat(api.delete("/api/v1/me/sessions/" + bobSession, null, alice.accessToken()).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/me", bob.accessToken()).status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/me/sessions/not-a-uuid", null, alice.accessToken()).status())
        .isEqualTo(400);
  }

  @Test
  void signOutEverywhereEndsEverySession() {
    User user = signedInUser("everywhere");
    ApiClient.Response other = login(user.email(), PASSWORD);
    assertThat(api.delete("/api/v1/me/sessions", null, user.accessToken()).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", other.text("access_token")).status()).isEqualTo(401);
    assertThat(refresh(other.text("refresh_token")).status()).isEqualTo(401);
  }

  @Test
  void passwordChangeRefusesOldTokensOnTheirVeryNextRequest() {
    User user = signedInUser("change");
    ApiClient.Response other = login(user.email(), PASSWORD);
    ApiClient.Response wrong =
        api.post(
            "/api/v1/me/password",
            Map.of(
                "currentPassword",
                "not-my-password-at-all",
                "newPassword",
                "fresh-meadow-lark-song-42"),
            user.accessToken());
    assertThat(wrong.status()).isEqualTo(400);
    ApiClient.Response changed =
        api.post(
            "/api/v1/me/password",
            Map.of("currentPassword", PASSWORD, "newPassword", "fresh-meadow-lark-song-42"),
            user.accessToken());
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", other.text("access_token")).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", changed.text("access_token")).status()).isEqualTo(200);
    assertThat(login(user.email(), PASSWORD).status()).isEqualTo(401);
    assertThat(login(user.email(), "fresh-meadow-lark-song-42").status()).isEqualTo(200);
  }

  @Test
  void aPasswordChangeKeepsTheSecondFactorOnlyOfTheSessionThatMadeIt() {
    User strong = withSecondFactor("strong-change");
    User weak = signedInUser("weak-change");
    assertThat(sessionsAfterPasswordChange(strong)).containsExactly(true);
    assertThat(sessionsAfterPasswordChange(weak)).containsExactly(false);
  }

  /** Changes the password; the second factor of each session left (only the new one). */
  private java.util.List<Boolean> sessionsAfterPasswordChange(User user) {
    ApiClient.Response changed =
        api.post(
            "/api/v1/me/password",
            Map.of("currentPassword", PASSWORD, "newPassword", "fresh-meadow-lark-song-42"),
            user.accessToken());
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    java.util.List<Boolean> left = new java.util.ArrayList<>();
    for (var s : api.get("/api/v1/me/sessions", changed.text("access_token")).items()) {
      left.add(s.path("secondFactor").asBoolean());
    }
    return left;
  }

  private ApiClient.Response refresh(String token) {
    return api.post("/api/v1/auth/refresh", Map.of("refresh_token", token));
  }
}
