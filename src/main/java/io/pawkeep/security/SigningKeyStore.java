package io.pawkeep.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the access-token signing keys are kept so that every node signs and verifies with the same
 * ones (SESS-1, AVAIL-4): the database, each key wrapped by the master key ({@code
 * crypto/StoredSigningKeys}). This module asks for them; it never stores a key itself.
 */
public interface SigningKeyStore {

  /**
   * A key that still verifies: the signing one ({@code active}, {@code verifyUntil} null) or a
   * retired one until {@code verifyUntil}. {@code secret} is the raw HS256 key.
   */
  record Key(String id, byte[] secret, boolean active, Instant verifyUntil) {

    public Key {
      Objects.requireNonNull(id, "id cannot be null");
      Objects.requireNonNull(secret, "secret cannot be null");
      secret = secret.clone();
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }

    /** Never the key itself, should this record reach a log. */
    @Override
    public String toString() {
      return "Key[id=" + id + ", active=" + active + ", verifyUntil=" + verifyUntil + "]";
    }
  }

  /**
   * On first start: stores {@code keys} (raw HS256 keys by id), {@code activeId} signing and the
   * others verifying for {@code keepVerifying}, unless the store already holds a key. Answers
   * whether it stored them.
   */
  boolean importIfEmpty(String activeId, Map<String, byte[]> keys, Duration keepVerifying);

  /**
   * The keys that still verify, the signing one included. A key that does not open under the master
   * key (damaged or tampered with) is left out; {@link IllegalStateException} when the signing key
   * itself does not open or there is none (fail closed: nothing is signed with a key not proven).
   */
  List<Key> load();

  /**
   * Makes a new random key the signing one; the one it replaces keeps verifying for {@code
   * keepVerifying}. Answers the new key's id.
   */
  String rotate(Duration keepVerifying);

  /** When the signing key was made; empty when there is none. */
  Optional<Instant> activeSince();

  /** Deletes the retired keys past their time; answers how many. */
  int deleteExpired();
}
