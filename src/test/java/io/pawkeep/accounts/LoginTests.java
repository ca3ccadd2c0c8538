package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class LoginTests extends ApiTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired io.pawkeep.audit.AuditTrail trail;
  @Autowired io.pawkeep.audit.AuditVerifier verifier;
  @Autowired io.pawkeep.database.OwnerDatabase schemaOwner;

  @Autowired PasswordHashing hashing;

  @Test
  void signInsAndSignUpsAreAnswered503WithRetryAfterWhilePasswordHashingIsSaturated() {
    String email = registerVerified(uniqueEmail("busy"), PASSWORD);
    HashingPermits permits = hashing.permits();
    assertThat(permits.tryTake(permits.maxConcurrent())).isTrue();
    try {
      ApiClient.Response known = login(email, PASSWORD);
      ApiClient.Response unknown = login(uniqueEmail("ghost"), PASSWORD);
      assertThat(known.status()).as(known.raw()).isEqualTo(503);
      assertThat(known.header("Retry-After")).isEqualTo("1");
      assertThat(known.header("Content-Type")).startsWith("application/problem+json");
      // The same answer whether the email has an account or not.
      assertThat(known.raw()).isEqualTo(unknown.raw());
      ApiClient.Response register =
          api.post(
              "/api/v1/auth/register",
              java.util.Map.of(
                  "email", uniqueEmail("later"), "password", PASSWORD, "displayName", "Alex"));
      assertThat(register.status()).as(register.raw()).isEqualTo(503);
    } finally {
      permits.giveBack(permits.maxConcurrent());
    }
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void unknownEmailAndWrongPasswordGetTheSameAnswer() {
    String email = registerVerified(uniqueEmail("same"), PASSWORD);
    ApiClient.Response wrong = login(email, "not-the-right-password-at-all");
    ApiClient.Response unknown = login(uniqueEmail("ghost"), PASSWORD);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.raw()).isEqualTo(unknown.raw());
  }

  @Test
  void successfulLoginAnswersOAuthTokenResponse() {
    String email = registerVerified(uniqueEmail("ok"), PASSWORD);
    ApiClient.Response r = login(email, PASSWORD);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("token_type")).isEqualTo("Bearer");
    assertThat(r.json().path("expires_in").asInt()).isEqualTo(900);
    assertThat(r.text("access_token")).isNotBlank();
    assertThat(r.text("refresh_token")).isNotBlank();
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    ApiClient.Response me = api.get("/api/v1/me", r.text("access_token"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo(email);
  }

  @Test
  void accountLocksAfterTenFailuresEvenForTheRightPasswordUntilTheLockExpires() {
    String email = registerVerified(uniqueEmail("locked"), PASSWORD);
    for (int i = 0; i < 10; i++) {
      assertThat(login(email, "wrong-password-number-" + i).status()).isEqualTo(401);
      clock.advance(Duration.ofSeconds(7)); // stay under the per-account rate limit
    }
    ApiClient.Response locked = login(email, PASSWORD);
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.raw()).isEqualTo(login(uniqueEmail("nobody"), PASSWORD).raw());

    // Attempts while locked do not extend the lock.
    clock.advance(Duration.ofMinutes(10));
    assertThat(login(email, "still-wrong-password-here").status()).isEqualTo(401);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void legacyBcryptLoginIsAcceptedAndUpgradedToArgon2id() {
    String email = uniqueEmail("bcrypt");
    importAccount(email, "{bcrypt}" + new BCryptPasswordEncoder(10).encode(PASSWORD));
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    assertThat(storedHash(email)).startsWith("{argon2}$argon2id$");
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void legacyPbkdf2LoginIsAcceptedAndUpgradedToArgon2id() throws Exception {
    String email = uniqueEmail("pbkdf2");
    String salt = "pawprintsalt";
    byte[] hash =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(
                new PBEKeySpec(
                    PASSWORD.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), 600_000, 256))
            .getEncoded();
    importAccount(
        email,
        "{pbkdf2-sha256}pbkdf2_sha256$600000$"
            + salt
            + "$"
            + Base64.getEncoder().encodeToString(hash));
    assertThat(login(email, "wrong-password-for-import").status()).isEqualTo(401);
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    assertThat(storedHash(email)).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void signInsAndFailuresAreRecordedInTheAccountsAuditChain() {
    String email = registerVerified(uniqueEmail("audited"), PASSWORD);
    login(email, "not-the-right-password-here");
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    UUID id =
        jdbc.sql("select id from pawkeep_find_login(?)").param(email).query(UUID.class).single();
    java.util.List<String> actions =
        asIdentity(
            id,
            null,
            db ->
                trail.recent(id, 10).stream().map(io.pawkeep.audit.RecordedEvent::action).toList());
    assertThat(actions).containsSubsequence("login.succeeded", "login.failed");
    assertThat(verifier.verify(id).intact()).isTrue();
  }

  /**
   * An account imported from another system, as the import job will write it: as the owner role,
   * since the application role cannot create an account already confirmed.
   */
  private void importAccount(String email, String legacyHash) {
    schemaOwner
        .jdbc()
        .sql(
            """
            insert into users (id, email, display_name, password_hash, created_at,
                               email_verified_at, sessions_valid_after)
            values (?, ?, 'Imported', ?, now(), now(), now())
            """)
        .params(UUID.randomUUID(), email, legacyHash)
        .update();
  }

  private String storedHash(String email) {
    return jdbc.sql("select password_hash from pawkeep_find_login(?)")
        .param(email)
        .query(String.class)
        .single();
  }
}
