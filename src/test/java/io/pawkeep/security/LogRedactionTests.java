package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.Mailbox;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class LogRedactionTests extends ApiTestSupport {

  @Test
  void logsNeverContainPasswordsTokensOrCodes(CapturedOutput output) {
    String email = uniqueEmail("quiet");
    String password = "secret-harbour-lights-" + System.nanoTime();
    api.post(
        "/api/v1/auth/register",
        Map.of("email", email, "password", password, "displayName", "Quiet Keeper"));
    String verifyToken = Mailbox.awaitLatest(email, 1).token();
    api.post("/api/v1/auth/verify-email", Map.of("token", verifyToken));
    api.post("/api/v1/auth/login", Map.of("email", email, "password", password + "-wrong"));
    ApiClient.Response login =
        api.post("/api/v1/auth/login", Map.of("email", email, "password", password));
    String access = login.text("access_token");
    String refresh = login.text("refresh_token");
    ApiClient.Response refreshed =
        api.post("/api/v1/auth/refresh", Map.of("refresh_token", refresh));
    api.post("/api/v1/auth/password-reset", Map.of("email", email));
    String resetToken = Mailbox.awaitLatest(email, 2).token();
    api.post(
        "/api/v1/auth/password-reset/confirm",
        Map.of("token", resetToken, "newPassword", password + "-new"));

    assertThat(output.getAll())
        .contains("registered")
        .doesNotContain(password)
        .doesNotContain(verifyToken)
        .doesNotContain(resetToken)
        .doesNotContain(access)
        .doesNotContain(refresh)
        .doesNotContain(refreshed.text("refresh_token"));
  }
}
