package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lockout behind a trusted proxy, which reports each client's address. */
class LockoutTests extends ApiTestSupport {

  private static final String ATTACKER = "203.0.113.9";
  private static final String OWNER = "198.51.100.7";

  @Test
  void aLockEarnedFromOneAddressDoesNotLockTheOwnerOutFromAnother() {
    User user = signedInUser("owner");
    lockFrom(ATTACKER, user.email());
    assertThat(loginFrom(ATTACKER, user.email(), PASSWORD).status()).isEqualTo(401);
    assertThat(loginFrom(OWNER, user.email(), PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void aValidBearerTokenDoesNotSuspendLockoutOnSignInEndpoints() {
    User user = signedInUser("bearer");
    for (int i = 0; i < 10; i++) {
      ApiClient.Response r =
          api.send(
              "POST",
              "/api/v1/auth/login",
              Map.of("email", user.email(), "password", "wrong-guess-number-" + i),
              user.accessToken(),
              Map.of("X-Forwarded-For", ATTACKER));
      assertThat(r.status()).isEqualTo(401);
      clock.advance(Duration.ofSeconds(7));
    }
    assertThat(loginFrom(ATTACKER, user.email(), PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void secondFactorGuessesCountTowardsTheLockout() {
    User user = signedInUser("guesser");
    String secret = enrolTotp(user);
    for (int i = 0; i < 10; i++) {
      // The right password each time: only the wrong codes can count towards the lock.
      String challenge = loginFrom(ATTACKER, user.email(), PASSWORD).text("mfa_token");
      assertThat(challenge).as("attempt " + i).isNotNull();
      ApiClient.Response wrong =
          secondFactorFrom(ATTACKER, challenge, TotpCodes.wrongAt(secret, clock));
      assertThat(wrong.status()).isEqualTo(401);
      clock.advance(Duration.ofSeconds(7));
    }
    assertThat(loginFrom(ATTACKER, user.email(), PASSWORD).status()).isEqualTo(401);
    // The owner, from another address, still signs in with the right code.
    String challenge = loginFrom(OWNER, user.email(), PASSWORD).text("mfa_token");
    assertThat(challenge).isNotNull();
    ApiClient.Response owner = secondFactorFrom(OWNER, challenge, TotpCodes.at(secret, clock));
    assertThat(owner.status()).as(owner.raw()).isEqualTo(200);
    assertThat(owner.text("access_token")).isNotBlank();
  }

  private ApiClient.Response secondFactorFrom(String address, String challenge, String code) {
    return api.send(
        "POST",
        "/api/v1/auth/login/mfa",
        Map.of("mfa_token", challenge, "code", code),
        null,
        Map.of("X-Forwarded-For", address));
  }

  private void lockFrom(String address, String email) {
    for (int i = 0; i < 10; i++) {
      assertThat(loginFrom(address, email, "wrong-guess-number-" + i).status()).isEqualTo(401);
      clock.advance(Duration.ofSeconds(7));
    }
  }

  private ApiClient.Response loginFrom(String address, String email, String password) {
    return api.send(
        "POST",
        "/api/v1/auth/login",
        Map.of("email", email, "password", password),
        null,
        Map.of("X-Forwarded-For", address));
  }
}
