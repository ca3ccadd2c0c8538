package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    assertThat(symbols).isEqualTo(32);
    assertThat(RecoveryCodes.CODE_LENGTH * (Math.log(symbols) / Math.log(2)))
        .isGreaterThanOrEqualTo(80.0);

    // Measured on the codes themselves: each of the 16 positions takes every one of the 32
    // symbols, each about as often as the others (expected 62.5 times in 2,000 codes; the bounds
    // lie about 7 standard deviations away), so no position is fixed, narrowed or skewed.
    List<String> generated = RecoveryCodes.generate(random, 2_000);
    for (int position = 0; position < RecoveryCodes.CODE_LENGTH; position++) {
      int at = position;
      Map<Integer, Long> counts =
          generated.stream()
              .map(code -> code.replace("-", ""))
              .collect(Collectors.groupingBy(code -> (int) code.charAt(at), Collectors.counting()));
      assertThat(counts.keySet())
          .as("symbols at position %d", position)
          .containsExactlyInAnyOrderElementsOf(RecoveryCodes.ALPHABET.chars().boxed().toList());
      assertThat(counts.values())
          .as("how often each symbol is at position %d", position)
          .allSatisfy(count -> assertThat(count).isBetween(10L, 125L));
    }
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
    // HMAC-SHA256 under the whole key, computed apart from the code under test:
    // printf 'abcdefghjkmnpqrs' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
    byte[] known = new byte[32];
    for (int i = 0; i < known.length; i++) {
      known[i] = (byte) i;
    }
    assertThat(new RecoveryCodes(known).hash("ABCD-EFGH-JKMN-PQRS"))
        .isEqualTo(
            RecoveryCodes.KEYED_PREFIX
                + "c47fa31d62558455dc0fa73f0b4dbf6865af59ddc1bd456176b3c54a036e70b2");
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
