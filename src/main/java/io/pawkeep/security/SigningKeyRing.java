package io.pawkeep.security;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The HS256 keys by key id, and which one signs new tokens. */
final class SigningKeyRing {

  static final int MIN_KEY_BYTES = 32;

  private final String activeKeyId;
  private final Map<String, byte[]> keys;

  SigningKeyRing(String activeKeyId, Map<String, String> base64Keys) {
    Objects.requireNonNull(activeKeyId, "activeKeyId cannot be null");
    Map<String, byte[]> decoded = new LinkedHashMap<>();
    base64Keys.forEach(
        (id, value) -> {
          byte[] key = Base64.getDecoder().decode(value.trim());
          if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("signing key '" + id + "' is shorter than 256 bits");
          }
          decoded.put(id, key);
        });
    if (!decoded.containsKey(activeKeyId)) {
      throw new IllegalStateException("the active signing key id '" + activeKeyId + "' has no key");
    }
    this.activeKeyId = activeKeyId;
    this.keys = Map.copyOf(decoded);
  }

  String activeKeyId() {
    return activeKeyId;
  }

  byte[] activeKey() {
    return keys.get(activeKeyId);
  }

  Map<String, byte[]> all() {
    return keys;
  }
}
