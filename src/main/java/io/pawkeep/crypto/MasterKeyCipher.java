package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM (Tink) under the master key: wraps tenants' data keysets, and seals small per-account
 * secrets such as second-factor seeds, with associated data binding each ciphertext to its table,
 * column and row. The master key never enters the database.
 *
 * <p>Rotation: the active key encrypts; previous keys, kept until {@link KeyRotation} has moved
 * everything under the active one, still decrypt.
 */
public final class MasterKeyCipher {

  static final int KEY_BYTES = 32;

  private final Aead active;
  private final byte[] activeKey;
  private final String activeId;
  private final List<Aead> previous;
  private final Aead ring;

  MasterKeyCipher(String activeBase64, List<String> previousBase64) {
    Objects.requireNonNull(activeBase64, "activeBase64 cannot be null");
    Objects.requireNonNull(previousBase64, "previousBase64 cannot be null");
    byte[] key = decode(activeBase64);
    this.active = aes(key);
    this.activeKey = key;
    this.activeId = keyId(key);
    List<Aead> older = new ArrayList<>();
    for (String encoded : previousBase64) {
      if (!encoded.isBlank()) {
        older.add(aes(decode(encoded)));
      }
    }
    this.previous = List.copyOf(older);
    this.ring = new Ring();
  }

  MasterKeyCipher(String base64Key) {
    this(base64Key, List.of());
  }

  /** The master key ring as a Tink primitive: encrypts with the active key, opens with any. */
  Aead aead() {
    return ring;
  }

  /** A fingerprint of the active key (not the key), recorded beside what it wrapped. */
  String activeKeyId() {
    return activeId;
  }

  /**
   * A key of its own for {@code purpose}, derived from the active master key by HKDF-SHA256 (the
   * purpose is the HKDF info): a server secret that is never configured separately nor stored, and
   * from which neither the master key nor another purpose's key can be worked out. It changes when
   * the master key is rotated, so only short-lived values (signed download links, FILE-3) may
   * depend on it.
   */
  public byte[] derivedKey(String purpose) {
    Objects.requireNonNull(purpose, "purpose cannot be null");
    if (purpose.isBlank()) {
      throw new IllegalArgumentException("a derived key needs a purpose");
    }
    try {
      return Hkdf.computeHkdf(
          "HMACSHA256",
          activeKey,
          "pawkeep derived key".getBytes(StandardCharsets.UTF_8),
          purpose.getBytes(StandardCharsets.UTF_8),
          KEY_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-SHA256 is unavailable", e);
    }
  }

  /** Whether previous master keys are configured, so something may still need re-wrapping. */
  boolean hasPreviousKeys() {
    return !previous.isEmpty();
  }

  /** Whether the active key (rather than a previous one) opens this ciphertext. */
  boolean sealedByActiveKey(byte[] ciphertext, String table, String column, String rowId) {
    try {
      active.decrypt(ciphertext, associatedData(table, column, rowId));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public byte[] encrypt(byte[] plaintext, String table, String column, String rowId) {
    Objects.requireNonNull(plaintext, "plaintext cannot be null");
    try {
      return ring.encrypt(plaintext, associatedData(table, column, rowId));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Decrypts, or throws {@link GeneralSecurityException} for a tampered or moved ciphertext. */
  public byte[] decrypt(byte[] ciphertext, String table, String column, String rowId)
      throws GeneralSecurityException {
    Objects.requireNonNull(ciphertext, "ciphertext cannot be null");
    return ring.decrypt(ciphertext, associatedData(table, column, rowId));
  }

  private final class Ring implements Aead {
    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
      return active.encrypt(plaintext, associatedData);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData)
        throws GeneralSecurityException {
      try {
        return active.decrypt(ciphertext, associatedData);
      } catch (GeneralSecurityException notActive) {
        for (Aead older : previous) {
          try {
            return older.decrypt(ciphertext, associatedData);
          } catch (GeneralSecurityException notThisOne) {
            // try the next previous key
          }
        }
        throw notActive;
      }
    }
  }

  private static byte[] decode(String base64Key) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("a master key must be base64");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalStateException("a master key must be 256 bits");
    }
    return key;
  }

  private static Aead aes(byte[] key) {
    try {
      return new AesGcmJce(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not load a master key", e);
    }
  }

  private static String keyId(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal("pawkeep master key id".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  static byte[] associatedData(String table, String column, String rowId) {
    Objects.requireNonNull(table, "table cannot be null");
    Objects.requireNonNull(column, "column cannot be null");
    Objects.requireNonNull(rowId, "rowId cannot be null");
    return ("platform|" + table + "|" + column + "|" + rowId).getBytes(StandardCharsets.UTF_8);
  }
}
