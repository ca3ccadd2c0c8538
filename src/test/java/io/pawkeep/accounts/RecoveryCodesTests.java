package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesTests {

  private final SecureRandom random = new SecureRandom();

  @Test
  void generatesTheRequestedNumberOfUniqueCodes() {
    List<String> codes = RecoveryCodes.generate(random, 1_000);

    assertThat(codes).hasSize(1_000).doesNotHaveDuplicates();
  }

  @Test
  void codesAreTwoDashSeparatedGroupsOfFiveFromTheUnambiguousAlphabet() {
    assertThat(RecoveryCodes.generate(random, 100))
        .allSatisfy(
            code -> {
              assertThat(code).matches("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}");
              assertThat(code).doesNotContain("i", "l", "o", "u");
            });
  }

  @Test
  void eachCodeCarriesAtLeastFiftyBitsOfEntropy() {
    long symbols = RecoveryCodes.ALPHABET.chars().distinct().count();

    double bits = RecoveryCodes.CODE_LENGTH * (Math.log(symbols) / Math.log(2));

    assertThat(bits).isGreaterThanOrEqualTo(50.0);
  }

  @Test
  void hashIsStableUnderCaseDashAndSpaceDifferences() {
    String hash = RecoveryCodes.hash("abcde-fghjk");

    assertThat(RecoveryCodes.hash("ABCDE-FGHJK")).isEqualTo(hash);
    assertThat(RecoveryCodes.hash("abcdefghjk")).isEqualTo(hash);
    assertThat(RecoveryCodes.hash(" abcde fghjk ")).isEqualTo(hash);
    assertThat(RecoveryCodes.hash("AbC-dE-fGh-Jk")).isEqualTo(hash);
  }

  @Test
  void hashIsHexSha256OfTheNormalisedCode() {
    // printf 'abcdefghjk' | sha256sum
    assertThat(RecoveryCodes.hash("ABCDE-FGHJK"))
        .isEqualTo("22f3f00d7f9cfe6eeefa9b71bdcb093a9080fcf4981d2dbf932648fa15a2d793");
  }

  @Test
  void hashDiffersFromTheCode() {
    String code = RecoveryCodes.generate(random, 1).get(0);

    String hash = RecoveryCodes.hash(code);

    assertThat(hash).matches("[0-9a-f]{64}");
    assertThat(hash).doesNotContain(RecoveryCodes.normalise(code));
  }

  @Test
  void differentCodesHaveDifferentHashes() {
    assertThat(RecoveryCodes.hash("abcde-fghjk")).isNotEqualTo(RecoveryCodes.hash("abcde-fghjm"));
  }

  @Test
  void normaliseLowercasesAndRemovesDashesAndSpaces() {
    assertThat(RecoveryCodes.normalise(" AbCdE - FgHjK ")).isEqualTo("abcdefghjk");
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
        .isThrownBy(() -> RecoveryCodes.hash(null))
        .withMessage("code cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> RecoveryCodes.normalise(null))
        .withMessage("code cannot be null");
  }
}
