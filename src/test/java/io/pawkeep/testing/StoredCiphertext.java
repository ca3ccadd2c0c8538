package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** Checks on the bytes a column stores, for tests that read them raw (CRYPTO-1). */
public final class StoredCiphertext {

  /** Tink's prefix: a version byte, then the 4-byte id of the key that sealed the value. */
  private static final int TINK_PREFIX = 5;

  /** AES-GCM's 12-byte nonce before and 16-byte tag after the encrypted bytes. */
  public static final int AES_GCM_OVERHEAD = 12 + 16;

  private StoredCiphertext() {}

  /**
   * The stored value is a Tink AES-GCM envelope of {@code plaintext} (a tenant's data key): version
   * prefix, key id, nonce, ciphertext and tag, and the plaintext appears nowhere in it.
   */
  public static void assertSealedByDataKey(byte[] stored, String plaintext) {
    byte[] clear = plaintext.getBytes(StandardCharsets.UTF_8);
    assertThat(stored).as("stored value").isNotNull();
    assertThat(contains(stored, clear)).as("the plaintext is in the stored bytes").isFalse();
    assertThat(stored[0]).as("Tink version prefix").isEqualTo((byte) 1);
    assertThat(stored).hasSize(TINK_PREFIX + AES_GCM_OVERHEAD + clear.length);
  }

  /** Whether {@code needle} occurs in {@code haystack}. */
  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
