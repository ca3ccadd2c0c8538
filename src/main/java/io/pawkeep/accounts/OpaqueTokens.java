package io.pawkeep.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bearer secrets (refresh tokens, links in emails, second-factor challenges): 256 bits from
 * {@link SecureRandom}, handed out once, stored only as their SHA-256.
 */
final class OpaqueTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_LENGTH = 128;

  private OpaqueTokens() {}

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      // Hash something anyway: a malformed token then simply matches nothing.
      token = "";
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
