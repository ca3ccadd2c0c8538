package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;

/**
 * One tenant's shred key as stored in the key store: a header, the tenant, the 256-bit key and a
 * SHA-256 checksum of the three. A file damaged, edited or copied to another tenant's name is
 * refused (and an edited file with a recomputed checksum holds a key that opens nothing).
 */
final class ShredKeyFile {

  static final int KEY_BYTES = 32;
  private static final String HEADER = "pawkeep tenant shred key v1";

  private ShredKeyFile() {}

  static byte[] format(UUID tenant, byte[] key) {
    String body = HEADER + "\n" + tenant + "\n" + Base64.getEncoder().encodeToString(key) + "\n";
    return (body + checksum(body) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The tenant's key from a file's content, or {@link IllegalStateException} if it is damaged. */
  static Aead parse(UUID tenant, byte[] content) {
    String[] lines = new String(content, StandardCharsets.US_ASCII).split("\n", -1);
    if (lines.length != 5 || !lines[4].isEmpty()) {
      throw damaged();
    }
    String body = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n";
    if (!MessageDigest.isEqual(
            checksum(body).getBytes(StandardCharsets.US_ASCII),
            lines[3].getBytes(StandardCharsets.US_ASCII))
        || !lines[0].equals(HEADER)
        || !lines[1].equals(tenant.toString())) {
      throw damaged();
    }
    try {
      byte[] key = Base64.getDecoder().decode(lines[2]);
      if (key.length != KEY_BYTES) {
        throw damaged();
      }
      return new AesGcmJce(key);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw damaged();
    }
  }

  private static String checksum(String body) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(body.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static IllegalStateException damaged() {
    return new IllegalStateException("a tenant's shred key file is damaged");
  }
}
