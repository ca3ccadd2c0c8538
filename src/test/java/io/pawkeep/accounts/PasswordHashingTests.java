package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class PasswordHashingTests {

  private static final String PASSWORD = "gravy wobble stadium clover";

  // Computed once with Python's hashlib.pbkdf2_hmac("sha256", ...), which is what Django's
  // PBKDF2PasswordHasher calls; the password mirrors Django's own hasher tests ("lètmein").
  private static final String DJANGO_VECTOR =
      "{pbkdf2-sha256}pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=";

  private final PasswordHashing hashing = new PasswordHashing();

  @Test
  void newHashesUseArgon2idWithOwaspParameters() {
    assertThat(this.hashing.hash(PASSWORD)).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void hashesAreSaltedSoEqualPasswordsHashDifferently() {
    assertThat(this.hashing.hash(PASSWORD)).isNotEqualTo(this.hashing.hash(PASSWORD));
  }

  @Test
  void argon2HashMatchesOnlyTheOriginalPassword() {
    String stored = this.hashing.hash(PASSWORD);

    assertThat(this.hashing.matches(PASSWORD, stored)).isTrue();
    assertThat(this.hashing.matches("gravy wobble stadium clovers", stored)).isFalse();
    assertThat(this.hashing.matches("", stored)).isFalse();
  }

  @Test
  void argon2HashWithCurrentParametersDoesNotNeedUpgrade() {
    assertThat(this.hashing.needsUpgrade(this.hashing.hash(PASSWORD))).isFalse();
  }

  @Test
  void argon2HashWithWeakerParametersNeedsUpgrade() {
    String weaker = new PasswordHashing().hash(PASSWORD);
    PasswordHashing stronger =
        new PasswordHashing(
            PasswordHashing.DEFAULT_MEMORY_KIB, PasswordHashing.DEFAULT_ITERATIONS + 1);

    assertThat(stronger.matches(PASSWORD, weaker)).isTrue();
    assertThat(stronger.needsUpgrade(weaker)).isTrue();
  }

  @Test
  void parametersCannotBeConfiguredBelowOwaspBaseline() {
    assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHashing(8192, 2));
    assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHashing(19456, 1));
  }

  @Test
  void legacyBcryptHashIsAcceptedAndMarkedForUpgrade() {
    String stored = "{bcrypt}" + new BCryptPasswordEncoder(10).encode(PASSWORD);

    assertThat(this.hashing.matches(PASSWORD, stored)).isTrue();
    assertThat(this.hashing.matches("wrong password entirely", stored)).isFalse();
    assertThat(this.hashing.needsUpgrade(stored)).isTrue();
  }

  @Test
  void legacyBcryptHashBelowCost10IsRefused() {
    String stored = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);

    assertThat(this.hashing.matches(PASSWORD, stored)).isFalse();
  }

  @Test
  void legacyDjangoPbkdf2HashIsAcceptedAndMarkedForUpgrade() throws Exception {
    String stored =
        "{pbkdf2-sha256}pbkdf2_sha256$600000$Kx7dQm2pLw9vRtYz$"
            + djangoPbkdf2(PASSWORD, "Kx7dQm2pLw9vRtYz", 600_000);

    assertThat(this.hashing.matches(PASSWORD, stored)).isTrue();
    assertThat(this.hashing.matches("wrong password entirely", stored)).isFalse();
    assertThat(this.hashing.needsUpgrade(stored)).isTrue();
  }

  @Test
  void legacyDjangoPbkdf2KnownVectorMatches() {
    assertThat(this.hashing.matches("lètmein", DJANGO_VECTOR)).isTrue();
    assertThat(this.hashing.matches("letmein", DJANGO_VECTOR)).isFalse();
  }

  @Test
  void legacyDjangoPbkdf2HashBelow600000IterationsIsRefused() throws Exception {
    String stored =
        "{pbkdf2-sha256}pbkdf2_sha256$100000$Kx7dQm2pLw9vRtYz$"
            + djangoPbkdf2(PASSWORD, "Kx7dQm2pLw9vRtYz", 100_000);

    assertThat(this.hashing.matches(PASSWORD, stored)).isFalse();
  }

  @Test
  void legacyPbkdf2EncoderCannotCreateNewHashes() {
    assertThatThrownBy(() -> new LegacyPbkdf2Sha256().encode(PASSWORD))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plaintext",
        "{argon2}",
        "{argon2}not-an-argon2-hash",
        "{argon2}$argon2id$v=19$m=19456,t=2,p=1$%%%$%%%",
        "{argon2",
        "{unknown}abc",
        "{bcrypt}",
        "{bcrypt}$2a$10$tooshort",
        "{bcrypt}$2a$99$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0",
        "{pbkdf2-sha256}",
        "{pbkdf2-sha256}pbkdf2_sha256$600000$salt",
        "{pbkdf2-sha256}pbkdf2_sha256$abc$salt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=",
        "{pbkdf2-sha256}pbkdf2_sha256$99999999999$salt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=",
        "{pbkdf2-sha256}pbkdf2_sha256$600000$$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=",
        "{pbkdf2-sha256}pbkdf2_sha256$600000$seasalt$not base64!",
        "{pbkdf2-sha256}pbkdf2_sha256$600000$seasalt$c2hvcnQ=",
        "{pbkdf2-sha256}pbkdf2_sha1$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA="
      })
  void malformedStoredHashDoesNotMatchAndDoesNotThrow(String stored) {
    assertThat(this.hashing.matches(PASSWORD, stored)).isFalse();
    assertThat(this.hashing.needsUpgrade(stored)).isTrue();
  }

  @Test
  void missingStoredHashDoesNotMatch() {
    assertThat(this.hashing.matches(PASSWORD, null)).isFalse();
    assertThat(this.hashing.needsUpgrade(null)).isTrue();
  }

  @Test
  void dummyHashIsCurrentArgon2AndMatchesNothingUseful() {
    String dummy = this.hashing.dummyHash();

    assertThat(dummy).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(this.hashing.dummyHash()).isSameAs(dummy);
    assertThat(this.hashing.needsUpgrade(dummy)).isFalse();
    assertThat(this.hashing.matches(PASSWORD, dummy)).isFalse();
  }

  @Test
  void nullOrEmptyRawPasswordIsAProgrammingError() {
    assertThatNullPointerException()
        .isThrownBy(() -> this.hashing.hash(null))
        .withMessage("rawPassword cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> this.hashing.matches(null, this.hashing.dummyHash()))
        .withMessage("rawPassword cannot be null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> this.hashing.hash(""))
        .withMessage("rawPassword cannot be empty");
  }

  // Independent of the code under test: RFC 8018 PBKDF2 written out with a plain HMAC, one block
  // because Django's 32-byte output equals the SHA-256 block size.
  private static String djangoPbkdf2(String password, String salt, int iterations)
      throws Exception {
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    hmac.update(salt.getBytes(StandardCharsets.UTF_8));
    byte[] u = hmac.doFinal(new byte[] {0, 0, 0, 1});
    byte[] result = u.clone();
    for (int i = 1; i < iterations; i++) {
      u = hmac.doFinal(u);
      for (int j = 0; j < result.length; j++) {
        result[j] ^= u[j];
      }
    }
    return Base64.getEncoder().encodeToString(result);
  }
}
