package io.pawkeep.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Single-use recovery codes (AUTH-4, CRYPTO-5): 80 random bits each, stored only as HMAC-SHA256
 * under a server key that never enters the database, so a copy of the database alone does not let
 * anyone test guesses offline.
 *
 * <p>Codes issued before (10 symbols, 50 bits) were stored as their plain SHA-256. They keep
 * working until used or replaced: at start-up their stored value is wrapped under the key ({@link
 * #wrapLegacy}), and a 10-symbol code is checked against that wrapped form.
 */
final class RecoveryCodes {

  // Crockford's base32 alphabet: no i, l, o or u, so 0 and 1 cannot be misread.
  // 32 symbols give exactly 5 bits per character, 80 bits per code.
  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  static final int CODE_LENGTH = 16;
  static final int LEGACY_CODE_LENGTH = 10;
  static final int MIN_KEY_BYTES = 32;

  static final String KEYED_PREFIX = "hmac-sha256:";
  static final String LEGACY_PREFIX = "hmac-sha256-legacy:";

  /** What codes issued before the key were stored as: hex SHA-256, nothing else. */
  static final Pattern PLAIN_SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final int GROUP_LENGTH = 4;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  RecoveryCodes(byte[] key) {
    Objects.requireNonNull(key, "key cannot be null");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
  }

  static List<String> generate(SecureRandom random, int count) {
    Objects.requireNonNull(random, "random cannot be null");
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive");
    }
    // A set guarantees distinct codes even in the (negligible) case of a collision.
    Set<String> codes = new LinkedHashSet<>();
    while (codes.size() < count) {
      codes.add(newCode(random));
    }
    return List.copyOf(codes);
  }

  /**
   * The value stored for {@code code}, and looked up when it is entered: the keyed hash of the
   * normalised code, or for a 10-symbol code issued before, the keyed hash of its old SHA-256.
   */
  String hash(String code) {
    Objects.requireNonNull(code, "code cannot be null");
    String normalised = normalise(code);
    if (normalised.length() == LEGACY_CODE_LENGTH) {
      return wrapLegacy(sha256Hex(normalised));
    }
    return KEYED_PREFIX + mac(normalised);
  }

  /** The keyed form of a stored plain SHA-256 (hex) of a code issued before. */
  String wrapLegacy(String plainSha256) {
    Objects.requireNonNull(plainSha256, "plainSha256 cannot be null");
    if (!PLAIN_SHA256.matcher(plainSha256).matches()) {
      throw new IllegalArgumentException("plainSha256 must be 64 lower-case hex digits");
    }
    return LEGACY_PREFIX + mac(plainSha256);
  }

  /** Lowercases and removes dashes and spaces, so codes match however they were typed. */
  static String normalise(String code) {
    Objects.requireNonNull(code, "code cannot be null");
    return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
  }

  private String mac(String value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  private static String sha256Hex(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static String newCode(SecureRandom random) {
    StringBuilder code = new StringBuilder(CODE_LENGTH + CODE_LENGTH / GROUP_LENGTH);
    for (int i = 0; i < CODE_LENGTH; i++) {
      if (i > 0 && i % GROUP_LENGTH == 0) {
        code.append('-');
      }
      code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }
}
