package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesTests {

  private final SecureRandom random = new SecureRandom();
  private final RecoveryCodes codes = new RecoveryCodes(key());

  @Test
  void generatesTheRequestedNumberOfUniqueCodes() {
    List<String> generated = RecoveryCodes.generate(random, 1_000);

    assertThat(generated).hasSize(1_000).doesNotHaveDuplicates();
  }

  @Test
  void codesAreFourDashSeparatedGroupsOfFourFromTheUnambiguousAlphabet() {
    assertThat(RecoveryCodes.generate(random, 100))
        .allSatisfy(
            code -> {
              assertThat(code).matches("([0-9a-hjkmnp-tv-z]{4}-){3}[0-9a-hjkmnp-tv-z]{4}");
              assertThat(code).doesNotContain("i", "l", "o", "u");
            });
  }

  @Test
  void eachCodeCarriesAtLeastEightyBitsOfEntropy() {
    long symbols = RecoveryCodes.ALPHABET.chars().distinct().count();

    double bits = RecoveryCodes.CODE_LENGTH * (Math.log(symbols) / Math.log(2));

    assertThat(symbols).isEqualTo(32);
    assertThat(bits).isGreaterThanOrEqualTo(80.0);
    // Every symbol of the alphabet turns up: the generator uses all 5 bits of each position.
    assertThat(String.join("", RecoveryCodes.generate(random, 200)).replace("-", "").chars())
        .containsAll(RecoveryCodes.ALPHABET.chars().boxed().toList());
  }

  @Test
  void hashIsStableUnderCaseDashAndSpaceDifferences() {
    String hash = codes.hash("abcd-efgh-jkmn-pqrs");

    assertThat(codes.hash("ABCD-EFGH-JKMN-PQRS")).isEqualTo(hash);
    assertThat(codes.hash("abcdefghjkmnpqrs")).isEqualTo(hash);
    assertThat(codes.hash(" abcd efgh jkmn pqrs ")).isEqualTo(hash);
  }

  @Test
  void theStoredValueIsAKeyedHashNotThePlainSha256OfTheCode() throws Exception {
    String code = RecoveryCodes.generate(random, 1).get(0);

    String stored = codes.hash(code);

    assertThat(stored).matches(RecoveryCodes.KEYED_PREFIX + "[0-9a-f]{64}");
    assertThat(stored).doesNotContain(sha256Hex(RecoveryCodes.normalise(code)));
    assertThat(stored).doesNotContain(RecoveryCodes.normalise(code));
  }

  @Test
  void aCodeHashedUnderAnotherKeyDoesNotVerify() {
    String code = RecoveryCodes.generate(random, 1).get(0);

    assertThat(new RecoveryCodes(key()).hash(code)).isNotEqualTo(codes.hash(code));
    assertThat(new RecoveryCodes(key()).hash("abcde-fghjk"))
        .isNotEqualTo(codes.hash("abcde-fghjk"));
  }

  @Test
  void aLegacyCodeMatchesItsStoredSha256OnceWrappedUnderTheKey() throws Exception {
    String legacyStored = sha256Hex("abcdefghjk"); // what a 50-bit code was stored as

    String wrapped = codes.wrapLegacy(legacyStored);

    assertThat(wrapped).startsWith(RecoveryCodes.LEGACY_PREFIX).doesNotContain(legacyStored);
    assertThat(codes.hash("ABCDE-FGHJK")).isEqualTo(wrapped);
    assertThat(new RecoveryCodes(key()).hash("ABCDE-FGHJK")).isNotEqualTo(wrapped);
    assertThat(codes.hash("abcde-fghjm")).isNotEqualTo(wrapped);
  }

  @Test
  void differentCodesHaveDifferentHashes() {
    assertThat(codes.hash("abcd-efgh-jkmn-pqrs")).isNotEqualTo(codes.hash("abcd-efgh-jkmn-pqrt"));
  }

  @Test
  void normaliseLowercasesAndRemovesDashesAndSpaces() {
    assertThat(RecoveryCodes.normalise(" AbCdE - FgHjK ")).isEqualTo("abcdefghjk");
  }

  @Test
  void theKeyMustBeAtLeast32Bytes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RecoveryCodes(new byte[31]))
        .withMessage("key must be at least 32 bytes");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> codes.wrapLegacy("not-a-sha256"))
        .withMessage("plainSha256 must be 64 lower-case hex digits");
  }

  @Test
  void countMustBePositive() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RecoveryCodes.generate(random, 0))
        .withMessage("count must be positive");
  }

  @Test
  void nullArgumentsAreRejectedWithFixedMessages() {
    assertThatNullPointerException()
        .isThrownBy(() -> RecoveryCodes.generate(null, 10))
        .withMessage("random cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> codes.hash(null))
        .withMessage("code cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> RecoveryCodes.normalise(null))
        .withMessage("code cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> new RecoveryCodes(null))
        .withMessage("key cannot be null");
  }

  private byte[] key() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  private static String sha256Hex(String value) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }
}
