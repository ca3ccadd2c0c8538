package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * LOG-2: the second factor's secrets (the TOTP seed, codes right and wrong, login challenges,
 * recovery codes) and the passwords and tokens that travel with them never reach the logs, along
 * every flow that carries them, failures included.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfLogsTests extends ApiTestSupport {

  private final List<String> secrets = new ArrayList<>();
  private final List<String> codes = new ArrayList<>();

  @Test
  void secondFactorSecretsCodesChallengesAndRecoveryCodesNeverReachTheLogs(CapturedOutput output) {
    User user = signedInUser("silent");
    secrets.addAll(List.of(user.password(), user.accessToken(), user.refreshToken()));

    ApiClient.Response start = api.post("/api/v1/me/totp", null, user.accessToken());
    String seed = start.text("secret");
    secrets.addAll(List.of(seed, start.text("otpauthUri")));
    assertThat(confirm(user, wrongCode(seed)).status()).isEqualTo(400);
    ApiClient.Response confirmed = confirm(user, code(seed));
    assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
    List<String> recovery = new ArrayList<>();
    confirmed.json().path("recoveryCodes").forEach(c -> recovery.add(c.asString()));
    assertThat(recovery).hasSize(10);
    recovery.forEach(this::recoveryCode);
    clock.advance(TotpCodes.step());

    // Sign-in with a wrong code, then the right one.
    String challenge = challenge(user);
    assertThat(secondFactor(challenge, wrongCode(seed)).status()).isEqualTo(401);
    ApiClient.Response withCode = secondFactor(challenge, code(seed));
    assertThat(withCode.status()).as(withCode.raw()).isEqualTo(200);
    tokens(withCode);
    clock.advance(TotpCodes.step());

    // Sign-in with a wrong recovery code, then a right one, then the same one again.
    String recoveryChallenge = challenge(user);
    String guessed = "ab12-cd34-ef56-gh78";
    recoveryCode(guessed);
    assertThat(secondFactor(recoveryChallenge, guessed).status()).isEqualTo(401);
    ApiClient.Response withRecovery = secondFactor(recoveryChallenge, recovery.get(0));
    assertThat(withRecovery.status()).as(withRecovery.raw()).isEqualTo(200);
    String access = tokens(withRecovery);
    assertThat(secondFactor(challenge(user), recovery.get(0)).status()).isEqualTo(401);
    tokens(
        api.post(
            "/api/v1/auth/refresh", Map.of("refresh_token", withRecovery.text("refresh_token"))));

    // A wrong password, then turning the second factor off with a wrong code and a right one.
    clock.advance(Duration.ofMinutes(1)); // sign-ins per account per minute are limited
    String wrongPassword = user.password() + "-not";
    secrets.add(wrongPassword);
    assertThat(login(user.email(), wrongPassword).status()).isEqualTo(401);
    assertThat(disable(access, wrongCode(seed))).isEqualTo(400);
    assertThat(disable(access, recovery.get(1))).isEqualTo(204);

    List<String> lines = List.of(output.getAll().split("\n"));
    // The capture holds the flow's records: the failures were logged, by user id.
    assertThat(lines).anyMatch(line -> line.contains("Second factor failed for user"));
    // Six digits could sit inside a longer number (a timestamp): only a code standing alone counts.
    List<Pattern> standaloneCodes =
        codes.stream()
            .map(code -> Pattern.compile("(?<![0-9])" + Pattern.quote(code) + "(?![0-9])"))
            .toList();
    List<String> leaks =
        lines.stream()
            .filter(
                line ->
                    secrets.stream().anyMatch(line::contains)
                        || standaloneCodes.stream().anyMatch(code -> code.matcher(line).find()))
            .toList();
    assertThat(leaks).as("log lines holding a password, token, code or recovery code").isEmpty();
  }

  private String challenge(User user) {
    ApiClient.Response first = login(user.email(), user.password());
    assertThat(first.json().path("mfa_required").asBoolean()).as(first.raw()).isTrue();
    secrets.add(first.text("mfa_token"));
    return first.text("mfa_token");
  }

  private ApiClient.Response secondFactor(String challenge, String code) {
    return api.post("/api/v1/auth/login/mfa", Map.of("mfa_token", challenge, "code", code));
  }

  private ApiClient.Response confirm(User user, String code) {
    return api.post("/api/v1/me/totp/confirm", Map.of("code", code), user.accessToken());
  }

  private int disable(String accessToken, String code) {
    return api.send("DELETE", "/api/v1/me/totp", Map.of("code", code), accessToken, Map.of())
        .status();
  }

  /** Keeps the tokens of a sign-in or refresh as secrets; answers the access token. */
  private String tokens(ApiClient.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    secrets.addAll(List.of(r.text("access_token"), r.text("refresh_token")));
    return r.text("access_token");
  }

  /** A recovery code as issued, upper-cased and without its dashes. */
  private void recoveryCode(String code) {
    secrets.add(code);
    secrets.add(code.toUpperCase(Locale.ROOT));
    secrets.add(code.replace("-", ""));
  }

  private String code(String seed) {
    String code = TotpCodes.at(seed, clock);
    codes.add(code);
    return code;
  }

  /** The code of ten steps ahead: well formed, outside the accepted window, never accepted. */
  private String wrongCode(String seed) {
    String code = TotpCodes.at(seed, Clock.offset(clock, TotpCodes.step().multipliedBy(10)));
    if (code.equals(TotpCodes.at(seed, clock))) {
      code = code.equals("000000") ? "000001" : "000000";
    }
    codes.add(code);
    return code;
  }
}
