package io.pawkeep.backup;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The backup key (AVAIL-1): Tink Streaming AEAD AES256_GCM_HKDF_1MB, AES-256-GCM in 1 MiB segments
 * under keys derived per file, so a backup streams in and out and any changed, removed or added
 * byte fails. A file starts with a short plain label (so a person can tell what it is), which the
 * encryption authenticates too. The key is never logged or shown.
 */
final class BackupKey {

  static final int KEY_BYTES = 32;
  static final byte[] LABEL = "PAWKEEP BACKUP 1\n".getBytes(StandardCharsets.US_ASCII);

  private final StreamingAead aead;

  BackupKey(String base64) {
    byte[] raw = decode(base64);
    try {
      this.aead =
          AesGcmHkdfStreaming.create(
              AesGcmHkdfStreamingKey.create(
                  PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
                  SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the backup key could not be used", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Writes the label to {@code file} and answers the stream whose bytes are sealed after it. */
  OutputStream sealing(OutputStream file) throws IOException {
    file.write(LABEL);
    try {
      return aead.newEncryptingStream(file, LABEL);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not start encrypting the backup", e);
    }
  }

  /**
   * The plaintext of a backup file; reading fails with {@link BackupRefusedException} when the file
   * is not a backup, and with an {@link IOException} at the first segment that does not
   * authenticate (a wrong key, a changed or truncated file).
   */
  InputStream opening(InputStream file) throws IOException {
    byte[] label = file.readNBytes(LABEL.length);
    if (!Arrays.equals(label, LABEL)) {
      throw new BackupRefusedException("not a Pawkeep backup file");
    }
    try {
      return aead.newDecryptingStream(file, LABEL);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not start decrypting the backup", e);
    }
  }

  private static byte[] decode(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the backup key must be base64 (PAWKEEP_BACKUP_KEY)");
    }
    if (raw.length != KEY_BYTES) {
      throw new IllegalStateException(
          "the backup key must be " + KEY_BYTES + " random bytes in base64 (PAWKEEP_BACKUP_KEY)");
    }
    return raw;
  }
}
