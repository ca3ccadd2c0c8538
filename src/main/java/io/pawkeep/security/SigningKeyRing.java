package io.pawkeep.security;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HS256 keys by key id, which one signs new tokens, and until when each retired one still
 * verifies (SESS-1). A snapshot: {@link SigningKeys} replaces it when the shared keys change.
 */
final class SigningKeyRing {

  static final int MIN_KEY_BYTES = 32;

  private record Entry(byte[] secret, Instant verifyUntil) {}

  private final String activeKeyId;
  private final Map<String, Entry> keys;

  /** Keys from configuration (base64), none of them retired. */
  SigningKeyRing(String activeKeyId, Map<String, String> base64Keys) {
    this(activeKeyId, decode(base64Keys), Map.of());
  }

  private SigningKeyRing(
      String activeKeyId, Map<String, byte[]> secrets, Map<String, Instant> verifyUntil) {
    Objects.requireNonNull(activeKeyId, "activeKeyId cannot be null");
    Map<String, Entry> entries = new LinkedHashMap<>();
    secrets.forEach(
        (id, key) -> {
          if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("signing key '" + id + "' is shorter than 256 bits");
          }
          entries.put(id, new Entry(key.clone(), verifyUntil.get(id)));
        });
    if (!entries.containsKey(activeKeyId) || entries.get(activeKeyId).verifyUntil() != null) {
      throw new IllegalStateException("the active signing key id '" + activeKeyId + "' has no key");
    }
    this.activeKeyId = activeKeyId;
    this.keys = Map.copyOf(entries);
  }

  /** The keys the shared store answered: exactly one of them signs. */
  static SigningKeyRing of(List<SigningKeyStore.Key> stored) {
    List<SigningKeyStore.Key> active = stored.stream().filter(SigningKeyStore.Key::active).toList();
    if (active.size() != 1) {
      throw new IllegalStateException("the signing key store holds no single signing key");
    }
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    Map<String, Instant> until = new LinkedHashMap<>();
    for (SigningKeyStore.Key key : stored) {
      secrets.put(key.id(), key.secret());
      if (!key.active()) {
        until.put(key.id(), Objects.requireNonNull(key.verifyUntil(), "verifyUntil"));
      }
    }
    return new SigningKeyRing(active.getFirst().id(), secrets, until);
  }

  String activeKeyId() {
    return activeKeyId;
  }

  byte[] activeKey() {
    return keys.get(activeKeyId).secret().clone();
  }

  /** Whether the ring holds {@code keyId} at all, still verifying or not. */
  boolean knows(String keyId) {
    return keyId != null && keys.containsKey(keyId);
  }

  /**
   * The key that verifies tokens naming {@code keyId} at {@code now}: none for an unknown id, nor
   * for a retired key past its time, whatever the token's own expiry says.
   */
  Optional<byte[]> verificationKey(String keyId, Instant now) {
    Entry entry = keyId == null ? null : keys.get(keyId);
    if (entry == null || (entry.verifyUntil() != null && !now.isBefore(entry.verifyUntil()))) {
      return Optional.empty();
    }
    return Optional.of(entry.secret().clone());
  }

  /** Every key as raw bytes, by id (for importing configured keys into the shared store). */
  Map<String, byte[]> all() {
    Map<String, byte[]> all = new LinkedHashMap<>();
    keys.forEach((id, entry) -> all.put(id, entry.secret().clone()));
    return all;
  }

  private static Map<String, byte[]> decode(Map<String, String> base64Keys) {
    Map<String, byte[]> decoded = new LinkedHashMap<>();
    base64Keys.forEach((id, value) -> decoded.put(id, Base64.getDecoder().decode(value.trim())));
    return decoded;
  }
}
