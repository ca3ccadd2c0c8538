package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

/**
 * AES-256-GCM (Tink) under the master key, for small per-account secrets such as second-factor
 * seeds. Associated data binds each ciphertext to its table, column and row, so a ciphertext copied
 * to another row fails to decrypt. Tenant data will use per-tenant data keys wrapped by this master
 * key.
 */
public final class MasterKeyCipher {

  static final int KEY_BYTES = 32;

  private final Aead aead;

  MasterKeyCipher(String base64Key) {
    Objects.requireNonNull(base64Key, "base64Key cannot be null");
    byte[] key = Base64.getDecoder().decode(base64Key.trim());
    if (key.length != KEY_BYTES) {
      throw new IllegalStateException("the master key must be 256 bits");
    }
    try {
      this.aead = new AesGcmJce(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not load the master key", e);
    }
  }

  /** The master key as a Tink primitive, to wrap tenants' data keysets. */
  Aead aead() {
    return aead;
  }

  public byte[] encrypt(byte[] plaintext, String table, String column, String rowId) {
    Objects.requireNonNull(plaintext, "plaintext cannot be null");
    try {
      return aead.encrypt(plaintext, associatedData(table, column, rowId));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Decrypts, or throws {@link GeneralSecurityException} for a tampered or moved ciphertext. */
  public byte[] decrypt(byte[] ciphertext, String table, String column, String rowId)
      throws GeneralSecurityException {
    Objects.requireNonNull(ciphertext, "ciphertext cannot be null");
    return aead.decrypt(ciphertext, associatedData(table, column, rowId));
  }

  private static byte[] associatedData(String table, String column, String rowId) {
    Objects.requireNonNull(table, "table cannot be null");
    Objects.requireNonNull(column, "column cannot be null");
    Objects.requireNonNull(rowId, "rowId cannot be null");
    return ("platform|" + table + "|" + column + "|" + rowId).getBytes(StandardCharsets.UTF_8);
  }
}
