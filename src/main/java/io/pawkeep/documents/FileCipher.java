package io.pawkeep.documents;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import io.pawkeep.crypto.FieldCipher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Encryption of stored files with the owning tenant's key (FILE-2), by envelope: each file gets its
 * own Tink Streaming AEAD key (AES256_GCM_HKDF_1MB: AES-256-GCM in 1 MiB segments, so files stream
 * and any segment can be read on its own), and that key is sealed by the tenant's data keyset
 * through {@link FieldCipher}, bound to the tenant and the object. The sealed key is kept beside
 * the object's metadata, not in the store: destroying the tenant's keyset (crypto-shredding, a
 * deleted household) leaves every file of the tenant unreadable, wherever its bytes are.
 *
 * <p>The stream's associated data binds the tenant and the object id too: bytes copied to another
 * object or tenant, or with any byte changed, truncated or extended, fail to decrypt.
 *
 * <p>Runs in the caller's transaction: row-level security decides who may use a tenant's keys.
 */
@Component
class FileCipher {

  static {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink Streaming AEAD could not be registered", e);
    }
  }

  // The associated-data names of the sealed file key: the metadata column that keeps it (for the
  // thumbnail too, its row named by the thumbnail's object id), so key rotation re-seals it like
  // any
  // encrypted column (DocumentsConfiguration) and the file's bytes never need re-encrypting.
  static final String TABLE = "documents";
  static final String COLUMN = "file_key";

  private final FieldCipher fields;

  FileCipher(FieldCipher fields) {
    this.fields = fields;
  }

  /** A new file key for the object, sealed by the tenant's data key. */
  byte[] newSealedKey(UUID tenant, UUID object) {
    try {
      KeysetHandle keyset =
          KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
      byte[] clear = TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
      try {
        return fields.encrypt(tenant, TABLE, COLUMN, object, clear);
      } finally {
        Arrays.fill(clear, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a file key could not be made", e);
    }
  }

  /** The ciphertext of exactly {@code size} bytes of {@code plaintext}, produced as it is read. */
  InputStream encrypting(
      UUID tenant, UUID object, byte[] sealedKey, InputStream plaintext, long size)
      throws GeneralSecurityException, IOException {
    AesGcmHkdfStreaming aead = open(tenant, object, sealedKey);
    byte[] associatedData = associatedData(tenant, object);
    return new FileCipherInputStream(
        sink -> aead.newEncryptingStream(sink, associatedData), plaintext, size);
  }

  /** How many bytes the ciphertext of a file of {@code plaintextSize} bytes takes. */
  long ciphertextSize(UUID tenant, UUID object, byte[] sealedKey, long plaintextSize)
      throws GeneralSecurityException {
    return open(tenant, object, sealedKey).expectedCiphertextSize(plaintextSize);
  }

  /**
   * The plaintext of {@code ciphertext}, decrypted as it is read. Throws {@link
   * GeneralSecurityException} at once when the file key does not open (another tenant or object, a
   * shredded tenant, a changed sealed key); reading throws {@link IOException} when the ciphertext
   * was changed, moved or cut, before any byte of a damaged segment is released.
   */
  InputStream decrypting(UUID tenant, UUID object, byte[] sealedKey, InputStream ciphertext)
      throws GeneralSecurityException, IOException {
    return open(tenant, object, sealedKey)
        .newDecryptingStream(ciphertext, associatedData(tenant, object));
  }

  /**
   * The plaintext of {@code ciphertext} as a channel that seeks (FILE-3): a read at any position
   * decrypts only the 1 MiB segments it touches (and the stream header), never what lies before.
   * Each segment is authenticated before any of its bytes are returned, so a changed segment fails
   * with an {@link IOException} wherever the reader starts. Fails like {@link #decrypting} when the
   * file key does not open.
   */
  SeekableByteChannel decryptingChannel(
      UUID tenant, UUID object, byte[] sealedKey, SeekableByteChannel ciphertext)
      throws GeneralSecurityException, IOException {
    return open(tenant, object, sealedKey)
        .newSeekableDecryptingChannel(ciphertext, associatedData(tenant, object));
  }

  private AesGcmHkdfStreaming open(UUID tenant, UUID object, byte[] sealedKey)
      throws GeneralSecurityException {
    Objects.requireNonNull(sealedKey, "sealedKey cannot be null");
    byte[] clear = fields.decrypt(tenant, TABLE, COLUMN, object, sealedKey);
    try {
      KeysetHandle keyset = TinkProtoKeysetFormat.parseKeyset(clear, InsecureSecretKeyAccess.get());
      if (keyset.size() != 1
          || !(keyset.getPrimary().getKey() instanceof AesGcmHkdfStreamingKey key)) {
        throw new GeneralSecurityException("not a file key");
      }
      // The subtle primitive of the one key: the keyset wrapper adds nothing to streaming
      // ciphertexts, and this one also tells the ciphertext size an upload must announce.
      return (AesGcmHkdfStreaming) AesGcmHkdfStreaming.create(key);
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  static byte[] associatedData(UUID tenant, UUID object) {
    return ("file|" + tenant + "|" + object).getBytes(StandardCharsets.UTF_8);
  }
}
