package io.pawkeep.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * API key secrets: {@code pk_live_<key id, 32 hex digits>_<256 random bits, base64url>}. The key id
 * is public and finds the key; the whole string is stored only as its SHA-256, which is enough for
 * 256 random bits (nothing to guess, nothing to stretch).
 */
public final class ApiKeySecrets {

  static final String PREFIX = "pk_live_";
  private static final Pattern FORMAT = Pattern.compile("pk_live_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new key's secret, to show once, and the hash to store. */
  public record Issued(String secret, byte[] hash) {
    @Override
    public String toString() {
      return "Issued[secret=<redacted>]";
    }
  }

  /** A presented secret that is well formed: the key id it names and its hash. */
  record Presented(UUID keyId, byte[] hash) {}

  private ApiKeySecrets() {}

  public static Issued issue(UUID keyId) {
    Objects.requireNonNull(keyId, "keyId cannot be null");
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret =
        PREFIX
            + keyId.toString().replace("-", "")
            + "_"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new Issued(secret, hash(secret));
  }

  /** The key id and hash of a well-formed secret; empty for anything else. */
  static Optional<Presented> parse(String secret) {
    if (secret == null || !FORMAT.matcher(secret).matches()) {
      return Optional.empty();
    }
    String hex = secret.substring(PREFIX.length(), PREFIX.length() + 32);
    byte[] id = HexFormat.of().parseHex(hex);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (id[i] & 0xff);
      low = (low << 8) | (id[i + 8] & 0xff);
    }
    return Optional.of(new Presented(new UUID(high, low), hash(secret)));
  }

  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
