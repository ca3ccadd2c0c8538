package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.pawkeep.accounts.Totp.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTests {

  // RFC 6238 Appendix B seeds: ASCII digits repeated to the HMAC output length.
  private static final byte[] SEED_SHA1 = ascii("12345678901234567890");
  private static final byte[] SEED_SHA256 = ascii("12345678901234567890123456789012");
  private static final byte[] SEED_SHA512 =
      ascii("1234567890123456789012345678901234567890123456789012345678901234");

  // Never wall-clock time: 2009-02-13T23:31:30Z, one of the RFC's vector instants.
  private static final Clock FIXED =
      Clock.fixed(Instant.ofEpochSecond(1234567890L), ZoneOffset.UTC);
  private static final long NEVER_USED = -1;

  private final Totp totp = new Totp(FIXED);

  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource({
    "SHA1, 59, 94287082",
    "SHA256, 59, 46119246",
    "SHA512, 59, 90693936",
    "SHA1, 1111111109, 07081804",
    "SHA256, 1111111109, 68084774",
    "SHA512, 1111111109, 25091201",
    "SHA1, 1111111111, 14050471",
    "SHA256, 1111111111, 67062674",
    "SHA512, 1111111111, 99943326",
    "SHA1, 1234567890, 89005924",
    "SHA256, 1234567890, 91819424",
    "SHA512, 1234567890, 93441116",
    "SHA1, 2000000000, 69279037",
    "SHA256, 2000000000, 90698825",
    "SHA512, 2000000000, 38618901",
    "SHA1, 20000000000, 65353130",
    "SHA256, 20000000000, 77737706",
    "SHA512, 20000000000, 47863826",
  })
  void codesMatchRfc6238AppendixBVectors(Algorithm algorithm, long epochSecond, String expected) {
    Totp vectorTotp =
        new Totp(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC), algorithm, 8);
    byte[] seed = seedFor(algorithm);
    long step = vectorTotp.currentStep();

    assertThat(step).isEqualTo(epochSecond / 30);
    assertThat(vectorTotp.codeAt(seed, step)).isEqualTo(expected);
    assertThat(vectorTotp.verify(seed, expected, NEVER_USED)).hasValue(step);
  }

  // A TOTP code is the HOTP code of the step counter, so RFC 4226's vectors cover 6 digits.
  @ParameterizedTest(name = "counter {0}")
  @CsvSource({
    "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
    "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489",
  })
  void sixDigitCodesMatchRfc4226AppendixDVectors(long counter, String expected) {
    assertThat(totp.codeAt(SEED_SHA1, counter)).isEqualTo(expected);
  }

  @Test
  void currentCodeIsAcceptedAndReturnsItsStep() {
    byte[] secret = secret();
    long current = totp.currentStep();

    assertThat(totp.verify(secret, totp.codeAt(secret, current), NEVER_USED)).hasValue(current);
  }

  @Test
  void codeReplayedWithinItsStepIsRejected() {
    byte[] secret = secret();
    long current = totp.currentStep();
    String code = totp.codeAt(secret, current);

    long lastUsed = totp.verify(secret, code, NEVER_USED).orElseThrow();

    assertThat(totp.verify(secret, code, lastUsed)).isEmpty();
  }

  @Test
  void codeFromPreviousStepAcceptedOnceForClockDrift() {
    byte[] secret = secret();
    long previous = totp.currentStep() - 1;
    String code = totp.codeAt(secret, previous);

    assertThat(totp.verify(secret, code, NEVER_USED)).hasValue(previous);
    assertThat(totp.verify(secret, code, previous)).isEmpty();
  }

  @Test
  void codeFromNextStepAcceptedOnceForClockDrift() {
    byte[] secret = secret();
    long next = totp.currentStep() + 1;
    String code = totp.codeAt(secret, next);

    assertThat(totp.verify(secret, code, NEVER_USED)).hasValue(next);
    assertThat(totp.verify(secret, code, next)).isEmpty();
  }

  @Test
  void codeTwoStepsOldIsRejected() {
    byte[] secret = secret();
    long current = totp.currentStep();

    assertThat(totp.verify(secret, totp.codeAt(secret, current - 2), NEVER_USED)).isEmpty();
  }

  @Test
  void codeTwoStepsAheadIsRejected() {
    byte[] secret = secret();
    long current = totp.currentStep();

    assertThat(totp.verify(secret, totp.codeAt(secret, current + 2), NEVER_USED)).isEmpty();
  }

  @Test
  void olderCodeIsRejectedOnceANewerStepWasUsed() {
    byte[] secret = secret();
    long current = totp.currentStep();

    assertThat(totp.verify(secret, totp.codeAt(secret, current - 1), current)).isEmpty();
  }

  @Test
  void wrongCodeIsRejected() {
    byte[] secret = secret();
    String code = totp.codeAt(secret, totp.currentStep());
    String wrong = (code.charAt(0) == '9' ? "0" : "9") + code.substring(1);

    assertThat(totp.verify(secret, wrong, NEVER_USED)).isEmpty();
  }

  @Test
  void codeFromAnotherSecretIsRejected() {
    byte[] secret = secret();
    String code = totp.codeAt(SEED_SHA1, totp.currentStep());

    assertThat(totp.verify(secret, code, NEVER_USED)).isEmpty();
  }

  @Test
  void spacesInsideTheCodeAreIgnored() {
    byte[] secret = secret();
    long current = totp.currentStep();
    String code = totp.codeAt(secret, current);
    String spaced = " " + code.substring(0, 3) + " " + code.substring(3) + " ";

    assertThat(totp.verify(secret, spaced, NEVER_USED)).hasValue(current);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "", " ", "12345", "1234567", "abcdef", "12345a", "+12345", "-12345", "12345\n", "١٢٣٤٥٦",
        "１２３４５６", "12-345"
      })
  void malformedCodesAreRejectedWithoutException(String code) {
    assertThat(totp.verify(secret(), code, NEVER_USED)).isEmpty();
  }

  @Test
  void newSecretHasTwentyRandomBytes() {
    SecureRandom random = new SecureRandom();

    byte[] first = Totp.newSecret(random);
    byte[] second = Totp.newSecret(random);

    assertThat(first).hasSize(20);
    assertThat(first).isNotEqualTo(second);
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource({
    "'', ''",
    "f, MY",
    "fo, MZXQ",
    "foo, MZXW6",
    "foob, MZXW6YQ",
    "fooba, MZXW6YTB",
    "foobar, MZXW6YTBOI",
  })
  void base32MatchesRfc4648VectorsWithoutPadding(String plain, String encoded) {
    assertThat(Totp.base32(ascii(plain))).isEqualTo(encoded);
    assertThat(Totp.fromBase32(encoded)).isEqualTo(ascii(plain));
  }

  @Test
  void base32RoundTripsANewSecret() {
    byte[] secret = Totp.newSecret(new SecureRandom());

    String encoded = Totp.base32(secret);

    assertThat(encoded).hasSize(32).matches("[A-Z2-7]+");
    assertThat(Totp.fromBase32(encoded)).isEqualTo(secret);
  }

  @Test
  void fromBase32AcceptsLowercaseSpacesAndPadding() {
    assertThat(Totp.fromBase32("mzxw 6ytb oi")).isEqualTo(ascii("foobar"));
    assertThat(Totp.fromBase32("MZXW6YTBOI======")).isEqualTo(ascii("foobar"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"MZXW6YTB0I", "MZXW6YTB1I", "MZ!W6YTB", "MZ=W6YTB", "M", "MZX", "MZXW6Y"})
  void fromBase32RejectsInvalidInput(String encoded) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Totp.fromBase32(encoded))
        .withMessage("encoded is not valid base32");
  }

  @Test
  void otpauthUriHasIssuerLabelSecretAndDefaults() {
    String uri = Totp.otpauthUri("Pawkeep", "alice@example.com", ascii("foobarfoobarfoobar"));

    assertThat(uri)
        .isEqualTo(
            "otpauth://totp/Pawkeep:alice%40example.com"
                + "?secret=MZXW6YTBOJTG633CMFZGM33PMJQXE"
                + "&issuer=Pawkeep&algorithm=SHA1&digits=6&period=30");
  }

  @Test
  void otpauthUriEncodesSpacesAsPercentTwentyAndReservedCharacters() {
    String uri = Totp.otpauthUri("Paw Keep+", "Ann Lee&co?", SEED_SHA1);

    assertThat(uri)
        .startsWith("otpauth://totp/Paw%20Keep%2B:Ann%20Lee%26co%3F?secret=")
        .contains("&issuer=Paw%20Keep%2B&")
        .doesNotContain("+");
  }

  @Test
  void otpauthUriRejectsColonsInTheLabel() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Totp.otpauthUri("Paw:keep", "alice", SEED_SHA1))
        .withMessage("issuer cannot contain a colon");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Totp.otpauthUri("Pawkeep", "evil:alice", SEED_SHA1))
        .withMessage("accountName cannot contain a colon");
  }

  @Test
  void nullArgumentsAreRejectedWithFixedMessages() {
    assertThatNullPointerException()
        .isThrownBy(() -> new Totp(null))
        .withMessage("clock cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> Totp.newSecret(null))
        .withMessage("random cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> totp.codeAt(null, 1))
        .withMessage("secret cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> totp.verify(null, "123456", NEVER_USED))
        .withMessage("secret cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> Totp.base32(null))
        .withMessage("secret cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> Totp.fromBase32(null))
        .withMessage("encoded cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> Totp.otpauthUri(null, "alice", SEED_SHA1))
        .withMessage("issuer cannot be null");
  }

  @Test
  void secretsShorterThan128BitsAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> totp.codeAt(new byte[15], 1))
        .withMessage("secret must be at least 16 bytes");
  }

  @Test
  void digitsOutsideSixToEightAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Totp(FIXED, Algorithm.SHA1, 5))
        .withMessage("digits must be between 6 and 8");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Totp(FIXED, Algorithm.SHA1, 9))
        .withMessage("digits must be between 6 and 8");
  }

  private static byte[] seedFor(Algorithm algorithm) {
    return switch (algorithm) {
      case SHA1 -> SEED_SHA1;
      case SHA256 -> SEED_SHA256;
      case SHA512 -> SEED_SHA512;
    };
  }

  // Deterministic so failures reproduce.
  private static byte[] secret() {
    return ascii("pawkeep-test-secret!");
  }

  private static byte[] ascii(String value) {
    return value.getBytes(StandardCharsets.US_ASCII);
  }
}
