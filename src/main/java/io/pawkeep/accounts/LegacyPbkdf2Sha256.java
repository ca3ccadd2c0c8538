package io.pawkeep.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Verifies Django {@code pbkdf2_sha256$<iterations>$<salt>$<base64 hash>} hashes imported from
 * other systems. Verify-only: new hashes are always Argon2id, and a successful login re-hashes.
 */
final class LegacyPbkdf2Sha256 implements PasswordEncoder {

  static final String ALGORITHM = "pbkdf2_sha256";

  // OWASP's current floor for PBKDF2-HMAC-SHA256; anything weaker is cheaper to crack offline
  // than to force through a password reset, so it is refused rather than trusted once.
  static final int MIN_ITERATIONS = 600_000;

  // The count comes from imported data; an absurd value would pin a CPU on every login attempt.
  static final int MAX_ITERATIONS = 10_000_000;

  // Django always stores the full SHA-256 output.
  private static final int HASH_BYTES = 32;

  // Digits only, no sign or leading zero, so that no odd spelling of a number slips through.
  private static final Pattern ITERATIONS = Pattern.compile("[1-9][0-9]{0,7}");

  @Override
  public String encode(@Nullable CharSequence rawPassword) {
    throw new UnsupportedOperationException("pbkdf2_sha256 is verify-only; new hashes use argon2");
  }

  @Override
  public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
    if (rawPassword == null || rawPassword.isEmpty() || encodedPassword == null) {
      return false;
    }
    String[] parts = encodedPassword.split("\\$", -1);
    if (parts.length != 4 || !ALGORITHM.equals(parts[0])) {
      return false;
    }
    if (!ITERATIONS.matcher(parts[1]).matches()) {
      return false;
    }
    int iterations = Integer.parseInt(parts[1]);
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      return false;
    }
    String salt = parts[2];
    if (salt.isEmpty()) {
      return false;
    }
    byte[] expected;
    try {
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (expected.length != HASH_BYTES) {
      return false;
    }
    byte[] actual = derive(rawPassword, salt, iterations);
    try {
      return MessageDigest.isEqual(expected, actual);
    } finally {
      Arrays.fill(actual, (byte) 0);
    }
  }

  private static byte[] derive(CharSequence rawPassword, String salt, int iterations) {
    char[] password = rawPassword.toString().toCharArray();
    // Django encodes the salt as UTF-8 bytes; the JDK's PBKDF2 encodes the password as UTF-8,
    // which is also what Django does, so non-ASCII passwords verify.
    PBEKeySpec spec =
        new PBEKeySpec(
            password, salt.getBytes(StandardCharsets.UTF_8), iterations, HASH_BYTES * Byte.SIZE);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(password, '\0');
    }
  }
}
