package io.pawkeep.accounts;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.bouncycastle.util.encoders.DecoderException;

/** RFC 6238 time-based one-time passwords (TOTP). */
final class Totp {

  static final int SECRET_BYTES = 20;
  static final int DEFAULT_DIGITS = 6;
  static final long STEP_SECONDS = 30;

  // RFC 4226 R6: the shared secret must be at least 128 bits.
  private static final int MIN_SECRET_BYTES = 16;
  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  enum Algorithm {
    SHA1("HmacSHA1"),
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String macName;

    Algorithm(String macName) {
      this.macName = macName;
    }
  }

  private final Clock clock;
  private final Algorithm algorithm;
  private final int digits;

  Totp(Clock clock) {
    this(clock, Algorithm.SHA1, DEFAULT_DIGITS);
  }

  Totp(Clock clock, Algorithm algorithm, int digits) {
    Objects.requireNonNull(clock, "clock cannot be null");
    Objects.requireNonNull(algorithm, "algorithm cannot be null");
    if (digits < 6 || digits > 8) {
      throw new IllegalArgumentException("digits must be between 6 and 8");
    }
    this.clock = clock;
    this.algorithm = algorithm;
    this.digits = digits;
  }

  static byte[] newSecret(SecureRandom random) {
    Objects.requireNonNull(random, "random cannot be null");
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** RFC 4648 base32, uppercase, without padding (the form authenticator apps expect). */
  static String base32(byte[] secret) {
    Objects.requireNonNull(secret, "secret cannot be null");
    return stripPadding(Base32.toBase32String(secret));
  }

  static byte[] fromBase32(String encoded) {
    Objects.requireNonNull(encoded, "encoded cannot be null");
    // Secrets are shown in groups and retyped by hand, so accept any case and spaces.
    String normalised = stripPadding(encoded.replace(" ", "").toUpperCase(Locale.ROOT));
    int remainder = normalised.length() % 8;
    if (remainder == 1 || remainder == 3 || remainder == 6) {
      throw new IllegalArgumentException("encoded is not valid base32");
    }
    try {
      // The decoder only accepts complete, padded blocks.
      return Base32.decode(normalised + "=".repeat((8 - remainder) % 8));
    } catch (DecoderException e) {
      throw new IllegalArgumentException("encoded is not valid base32", e);
    }
  }

  static String otpauthUri(String issuer, String accountName, byte[] secret) {
    Objects.requireNonNull(issuer, "issuer cannot be null");
    Objects.requireNonNull(accountName, "accountName cannot be null");
    checkSecret(secret);
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("issuer cannot be blank");
    }
    if (accountName.isBlank()) {
      throw new IllegalArgumentException("accountName cannot be blank");
    }
    // The label separates issuer and account with ':' (or %3A), so neither may contain one.
    if (issuer.indexOf(':') >= 0) {
      throw new IllegalArgumentException("issuer cannot contain a colon");
    }
    if (accountName.indexOf(':') >= 0) {
      throw new IllegalArgumentException("accountName cannot contain a colon");
    }
    String encodedIssuer = uriEncode(issuer);
    return "otpauth://totp/"
        + encodedIssuer
        + ":"
        + uriEncode(accountName)
        + "?secret="
        + base32(secret)
        + "&issuer="
        + encodedIssuer
        + "&algorithm=SHA1&digits="
        + DEFAULT_DIGITS
        + "&period="
        + STEP_SECONDS;
  }

  long currentStep() {
    return Math.floorDiv(clock.instant().getEpochSecond(), STEP_SECONDS);
  }

  String codeAt(byte[] secret, long step) {
    checkSecret(secret);
    if (step < 0) {
      throw new IllegalArgumentException("step cannot be negative");
    }
    byte[] hash;
    try {
      // Mac is not thread-safe, so each call gets its own instance.
      Mac mac = Mac.getInstance(algorithm.macName);
      mac.init(new SecretKeySpec(secret, algorithm.macName));
      hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC unavailable: " + algorithm.macName, e);
    }
    // RFC 4226 section 5.3 dynamic truncation.
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    // Integer.toString is locale-independent, unlike String.format.
    String code = Integer.toString(binary % POWERS_OF_TEN[digits]);
    return "0".repeat(digits - code.length()) + code;
  }

  /**
   * Checks a code against the previous, current and next step, allowing one step of clock drift.
   * Only steps after {@code lastUsedStep} count, so each code works at most once.
   *
   * @return the matched step, to be stored as the new {@code lastUsedStep}
   */
  OptionalLong verify(byte[] secret, String code, long lastUsedStep) {
    checkSecret(secret);
    if (code == null) {
      return OptionalLong.empty();
    }
    String candidate = code.replace(" ", "");
    if (!isAsciiDigits(candidate, digits)) {
      return OptionalLong.empty();
    }
    byte[] candidateBytes = candidate.getBytes(StandardCharsets.US_ASCII);
    long current = currentStep();
    OptionalLong matched = OptionalLong.empty();
    for (long step = current - 1; step <= current + 1; step++) {
      if (step <= lastUsedStep || step < 0) {
        continue;
      }
      byte[] expected = codeAt(secret, step).getBytes(StandardCharsets.US_ASCII);
      // No early exit: on a collision the latest step wins, which burns the most steps.
      if (MessageDigest.isEqual(expected, candidateBytes)) {
        matched = OptionalLong.of(step);
      }
    }
    return matched;
  }

  private static void checkSecret(byte[] secret) {
    Objects.requireNonNull(secret, "secret cannot be null");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("secret must be at least 16 bytes");
    }
  }

  // Character.isDigit would also accept non-ASCII digits such as Arabic-Indic ones.
  private static boolean isAsciiDigits(String value, int length) {
    if (value.length() != length) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripPadding(String value) {
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == '=') {
      end--;
    }
    return value.substring(0, end);
  }

  // Authenticator apps expect %20 for spaces; URLEncoder already turns a literal '+' into %2B.
  private static String uriEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
