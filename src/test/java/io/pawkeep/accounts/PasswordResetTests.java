package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.Mailbox;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordResetTests extends ApiTestSupport {

  private static final String NEW_PASSWORD = "violet-harbour-drifts-at-noon";

  @Test
  void resetAnswersTheSameForKnownAndUnknownEmails() {
    User user = signedInUser("known");
    String unknown = uniqueEmail("unknown");
    ApiClient.Response b = api.post("/api/v1/auth/password-reset", Map.of("email", unknown));
    ApiClient.Response a = api.post("/api/v1/auth/password-reset", Map.of("email", user.email()));
    assertThat(a.status()).isEqualTo(202);
    assertThat(b.status()).isEqualTo(202);
    assertThat(a.raw()).isEqualTo(b.raw());
    // Links leave in the background, after the answer. The known address's link, asked for
    // second, is the marker: a mail to the unknown address would have been queued before it, on
    // the same path, so once the marker is written that one would be too.
    assertThat(Mailbox.awaitLatest(user.email(), "Reset", 1).subject()).contains("Reset");
    assertThat(Mailbox.mailsTo(unknown)).isEmpty();
  }

  @Test
  void resetTokenIsSingleUseAndEndsAllSessions() {
    User user = signedInUser("reset");
    String token = requestReset(user.email());
    assertThat(confirm(token, NEW_PASSWORD).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(401);
    assertThat(
            api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken())).status())
        .isEqualTo(401);
    assertThat(confirm(token, "another-brand-new-password").status()).isEqualTo(400);
    assertThat(login(user.email(), NEW_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void resetTokenExpiresAfterThirtyMinutes() {
    User user = signedInUser("expiry");
    String token = requestReset(user.email());
    clock.advance(Duration.ofMinutes(31));
    assertThat(confirm(token, NEW_PASSWORD).status()).isEqualTo(400);
    assertThat(login(user.email(), PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void weakNewPasswordLeavesTheTokenUsable() {
    User user = signedInUser("weak");
    String token = requestReset(user.email());
    assertThat(confirm(token, "password1234").status()).isEqualTo(400);
    assertThat(confirm(token, NEW_PASSWORD).status()).isEqualTo(204);
  }

  @Test
  void resetDoesNotBypassTheSecondFactor() {
    User user = signedInUser("mfa-reset");
    enrolTotp(user);
    assertThat(confirm(requestReset(user.email()), NEW_PASSWORD).status()).isEqualTo(204);
    ApiClient.Response r = login(user.email(), NEW_PASSWORD);
    assertThat(r.json().path("mfa_required").asBoolean()).isTrue();
    assertThat(r.text("access_token")).isNull();
  }

  @Test
  void completingAPasswordResetConfirmsTheAddress() {
    String email = uniqueEmail("never-confirmed");
    assertThat(
            api.post(
                    "/api/v1/auth/register",
                    Map.of("email", email, "password", PASSWORD, "displayName", "Lee Lost"))
                .status())
        .isEqualTo(202);
    String pendingLink = Mailbox.awaitLatest(email, "Confirm", 1).token();
    assertThat(login(email, PASSWORD).status()).isEqualTo(401);
    assertThat(confirm(requestReset(email), NEW_PASSWORD).status()).isEqualTo(204);
    assertThat(login(email, NEW_PASSWORD).status()).isEqualTo(200);
    // A confirmation link still pending can no longer change anything.
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", pendingLink)).status())
        .isEqualTo(400);
  }

  @Test
  void resetUnlocksALockedAccount() {
    User user = signedInUser("unlock");
    for (int i = 0; i < 10; i++) {
      login(user.email(), "wrong-password-try-" + i);
      clock.advance(Duration.ofSeconds(7));
    }
    assertThat(login(user.email(), PASSWORD).status()).isEqualTo(401);
    assertThat(confirm(requestReset(user.email()), NEW_PASSWORD).status()).isEqualTo(204);
    assertThat(login(user.email(), NEW_PASSWORD).status()).isEqualTo(200);
  }

  private String requestReset(String email) {
    int before =
        (int) Mailbox.mailsTo(email).stream().filter(m -> m.subject().contains("Reset")).count();
    assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", email)).status())
        .isEqualTo(202);
    return Mailbox.awaitLatest(email, "Reset", before + 1).token();
  }

  private ApiClient.Response confirm(String token, String password) {
    return api.post(
        "/api/v1/auth/password-reset/confirm", Map.of("token", token, "newPassword", password));
  }
}
