package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SecondFactorTests extends ApiTestSupport {

  @Autowired OwnerDatabase owner;
  @Autowired RecoveryCodes recoveryCodes;

  @Test
  void enrolmentAnswersSecretAndUriThenRecoveryCodes() {
    User user = signedInUser("enrol");
    ApiClient.Response start = api.post("/api/v1/me/totp", null, user.accessToken());
    assertThat(start.text("secret")).matches("[A-Z2-7]{32}");
    assertThat(start.text("otpauthUri")).startsWith("otpauth://totp/Pawkeep:");
    ApiClient.Response wrong =
        api.post("/api/v1/me/totp/confirm", Map.of("code", "000000"), user.accessToken());
    assertThat(wrong.status()).isEqualTo(400);
    ApiClient.Response confirm =
        api.post(
            "/api/v1/me/totp/confirm",
            Map.of("code", TotpCodes.at(start.text("secret"), clock)),
            user.accessToken());
    assertThat(confirm.json().path("recoveryCodes").size()).isEqualTo(10);
    assertThat(api.get("/api/v1/me", user.accessToken()).json().path("totpEnabled").asBoolean())
        .isTrue();
  }

  @Test
  void recoveryCodesCarryEightyBitsAndAreStoredOnlyAsKeyedHashes() throws Exception {
    User user = signedInUser("keyed");
    ApiClient.Response start = api.post("/api/v1/me/totp", null, user.accessToken());
    ApiClient.Response confirm =
        api.post(
            "/api/v1/me/totp/confirm",
            Map.of("code", TotpCodes.at(start.text("secret"), clock)),
            user.accessToken());
    List<String> codes = new ArrayList<>();
    confirm.json().path("recoveryCodes").forEach(c -> codes.add(c.asString()));
    // 16 symbols of 32 (5 bits each), in groups of four for reading.
    assertThat(codes)
        .allSatisfy(c -> assertThat(c).matches("([0-9a-hjkmnp-tv-z]{4}-){3}[0-9a-hjkmnp-tv-z]{4}"));
    List<String> stored =
        owner
            .jdbc()
            .sql(
                "select r.code_hash from recovery_codes r join users u on u.id = r.user_id"
                    + " where u.email = ?")
            .param(user.email())
            .query(String.class)
            .list();
    assertThat(stored).hasSize(10);
    for (String code : codes) {
      String plain =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(code.replace("-", "").getBytes(StandardCharsets.UTF_8)));
      assertThat(stored).doesNotContain(plain).noneMatch(s -> s.contains(code.replace("-", "")));
    }
  }

  @Test
  void aRecoveryCodeIssuedBeforeTheKeyWorksOnceAfterItsHashIsWrappedUnderTheKey() throws Exception {
    User user = signedInUser("legacy");
    enrolTotp(user);
    // What an earlier version stored: a 50-bit code, as its plain SHA-256.
    String legacyCode = "7k3q9-vb2mx";
    String plain =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("7k3q9vb2mx".getBytes(StandardCharsets.UTF_8)));
    owner
        .jdbc()
        .sql(
            "insert into recovery_codes (user_id, code_hash)"
                + " select id, ? from users where email = ?")
        .params(plain, user.email())
        .update();

    assertThat(LegacyRecoveryCodes.wrap(owner, recoveryCodes)).isGreaterThanOrEqualTo(1);

    String stored =
        owner
            .jdbc()
            .sql(
                "select r.code_hash from recovery_codes r join users u on u.id = r.user_id"
                    + " where u.email = ? and r.code_hash like 'hmac-sha256-legacy:%'")
            .param(user.email())
            .query(String.class)
            .single();
    assertThat(stored).doesNotContain(plain);
    ApiClient.Response first = login(user.email(), PASSWORD);
    assertThat(
            api.post(
                    "/api/v1/auth/login/mfa",
                    Map.of("mfa_token", first.text("mfa_token"), "code", legacyCode))
                .status())
        .isEqualTo(200);
    ApiClient.Response again = login(user.email(), PASSWORD);
    assertThat(
            api.post(
                    "/api/v1/auth/login/mfa",
                    Map.of("mfa_token", again.text("mfa_token"), "code", legacyCode))
                .status())
        .isEqualTo(401);
  }

  @Test
  void loginWithSecondFactorNeedsTheCodeAndTheChallengeIsSingleUse() {
    User user = signedInUser("mfa");
    String secret = enrolTotp(user);
    ApiClient.Response first = login(user.email(), PASSWORD);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().path("mfa_required").asBoolean()).isTrue();
    assertThat(first.text("access_token")).isNull();
    String challenge = first.text("mfa_token");
    String code = TotpCodes.at(secret, clock);
    ApiClient.Response second =
        api.post("/api/v1/auth/login/mfa", Map.of("mfa_token", challenge, "code", code));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.text("access_token")).isNotBlank();

    clock.advance(TotpCodes.step());
    ApiClient.Response reused =
        api.post(
            "/api/v1/auth/login/mfa",
            Map.of("mfa_token", challenge, "code", TotpCodes.at(secret, clock)));
    assertThat(reused.status()).isEqualTo(401);
  }

  @Test
  void totpCodeReplayedWithinItsStepIsRejected() {
    User user = signedInUser("replay");
    String secret = enrolTotp(user);
    String code = TotpCodes.at(secret, clock);
    ApiClient.Response first = login(user.email(), PASSWORD);
    assertThat(
            api.post(
                    "/api/v1/auth/login/mfa",
                    Map.of("mfa_token", first.text("mfa_token"), "code", code))
                .status())
        .isEqualTo(200);
    ApiClient.Response again = login(user.email(), PASSWORD);
    ApiClient.Response replay =
        api.post(
            "/api/v1/auth/login/mfa", Map.of("mfa_token", again.text("mfa_token"), "code", code));
    assertThat(replay.status()).isEqualTo(401);
  }

  @Test
  void recoveryCodeWorksOnceOnly() {
    User user = signedInUser("recovery");
    ApiClient.Response start = api.post("/api/v1/me/totp", null, user.accessToken());
    String secret = start.text("secret");
    ApiClient.Response confirm =
        api.post(
            "/api/v1/me/totp/confirm",
            Map.of("code", TotpCodes.at(secret, clock)),
            user.accessToken());
    String recovery = confirm.json().path("recoveryCodes").get(0).asString();

    ApiClient.Response first = login(user.email(), PASSWORD);
    assertThat(
            api.post(
                    "/api/v1/auth/login/mfa",
                    Map.of("mfa_token", first.text("mfa_token"), "code", recovery.toUpperCase()))
                .status())
        .isEqualTo(200);
    ApiClient.Response again = login(user.email(), PASSWORD);
    assertThat(
            api.post(
                    "/api/v1/auth/login/mfa",
                    Map.of("mfa_token", again.text("mfa_token"), "code", recovery))
                .status())
        .isEqualTo(401);
  }

  @Test
  void challengeExpiresAndWrongCodesExhaustIt() {
    User user = signedInUser("expire");
    String secret = enrolTotp(user);
    String challenge = login(user.email(), PASSWORD).text("mfa_token");
    clock.advance(java.time.Duration.ofMinutes(6));
    assertThat(
            api.post(
                    "/api/v1/auth/login/mfa",
                    Map.of("mfa_token", challenge, "code", TotpCodes.at(secret, clock)))
                .status())
        .isEqualTo(401);

    // Exactly 5 wrong codes per challenge: after 4 the right one still opens a session...
    String fifth = login(user.email(), PASSWORD).text("mfa_token");
    wrongCodes(fifth, secret, 4);
    assertThat(secondFactor(fifth, TotpCodes.at(secret, clock)).status()).isEqualTo(200);
    clock.advance(TotpCodes.step());

    // ...after 5 it does not,
    String exhausted = login(user.email(), PASSWORD).text("mfa_token");
    wrongCodes(exhausted, secret, 5);
    assertThat(secondFactor(exhausted, TotpCodes.at(secret, clock)).status()).isEqualTo(401);
    // though the account is not locked: a new challenge takes it.
    String fresh = login(user.email(), PASSWORD).text("mfa_token");
    assertThat(secondFactor(fresh, TotpCodes.at(secret, clock)).status()).isEqualTo(200);
  }

  private void wrongCodes(String challenge, String secret, int count) {
    for (int i = 0; i < count; i++) {
      // Spaced as a person types, within the per-account limit of 10 a minute.
      clock.advance(Duration.ofSeconds(7));
      assertThat(secondFactor(challenge, TotpCodes.wrongAt(secret, clock)).status()).isEqualTo(401);
    }
  }

  private ApiClient.Response secondFactor(String challenge, String code) {
    return api.post("/api/v1/auth/login/mfa", Map.of("mfa_token", challenge, "code", code));
  }

  @Test
  void guessingTheCodeToDisableTheSecondFactorIsRateLimited() {
    User user = signedInUser("stolen-session");
    String secret = enrolTotp(user);
    for (int i = 0; i < 5; i++) {
      assertThat(
              api.delete("/api/v1/me/totp", Map.of("code", "11111" + i), user.accessToken())
                  .status())
          .isEqualTo(400);
    }
    ApiClient.Response limited =
        api.delete(
            "/api/v1/me/totp", Map.of("code", TotpCodes.at(secret, clock)), user.accessToken());
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotNull();
  }

  @Test
  void disablingTheSecondFactorNeedsAValidCode() {
    User user = signedInUser("disable");
    String secret = enrolTotp(user);
    assertThat(api.delete("/api/v1/me/totp", Map.of("code", "000000"), user.accessToken()).status())
        .isEqualTo(400);
    assertThat(
            api.delete(
                    "/api/v1/me/totp",
                    Map.of("code", TotpCodes.at(secret, clock)),
                    user.accessToken())
                .status())
        .isEqualTo(204);
    assertThat(login(user.email(), PASSWORD).text("access_token")).isNotBlank();
  }
}
