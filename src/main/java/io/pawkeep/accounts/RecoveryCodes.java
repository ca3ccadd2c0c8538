package io.pawkeep.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Single-use recovery codes; only their hashes are meant to be stored. */
final class RecoveryCodes {

  // Crockford's base32 alphabet: no i, l, o or u, so 0 and 1 cannot be misread.
  // 32 symbols give exactly 5 bits per character, 50 bits per code.
  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  static final int CODE_LENGTH = 10;
  private static final int GROUP_LENGTH = 5;

  private RecoveryCodes() {}

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

  /** Hex SHA-256 of the normalised code, so that storage never holds the code itself. */
  static String hash(String code) {
    Objects.requireNonNull(code, "code cannot be null");
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest(normalise(code).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Lowercases and removes dashes and spaces, so codes match however they were typed. */
  static String normalise(String code) {
    Objects.requireNonNull(code, "code cannot be null");
    return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
  }

  private static String newCode(SecureRandom random) {
    StringBuilder code = new StringBuilder(CODE_LENGTH + 1);
    for (int i = 0; i < CODE_LENGTH; i++) {
      if (i == GROUP_LENGTH) {
        code.append('-');
      }
      code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }
}
