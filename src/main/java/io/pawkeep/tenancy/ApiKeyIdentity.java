package io.pawkeep.tenancy;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A request made with a business's API key: the key's public id and the SHA-256 of the secret that
 * was presented. The database checks both when the request's transaction begins.
 */
public record ApiKeyIdentity(UUID keyId, byte[] secretHash) {
  public ApiKeyIdentity {
    Objects.requireNonNull(keyId, "keyId cannot be null");
    Objects.requireNonNull(secretHash, "secretHash cannot be null");
    if (secretHash.length != 32) {
      throw new IllegalArgumentException("secretHash must be a SHA-256");
    }
    secretHash = secretHash.clone();
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKeyIdentity that
        && keyId.equals(that.keyId)
        && Arrays.equals(secretHash, that.secretHash);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }

  @Override
  public String toString() {
    return "ApiKeyIdentity[keyId=" + keyId + "]";
  }
}
