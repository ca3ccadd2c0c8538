package io.pawkeep.crypto;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.security.SigningKeyStore;
import io.pawkeep.web.Instants;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The access-token signing keys in the database, shared by every node (SESS-1, AVAIL-4): table
 * {@code signing_keys} ({@code V51__signing_keys.sql}), each key sealed under the master key with
 * its table, column and key id as associated data, so a wrapped key copied to another id, or
 * altered, does not open. The application role reads them only through {@code
 * pawkeep_signing_keys()} (wrapped, and only those that still verify); writes are the schema
 * owner's: the first start, the rotation command and the scheduled rotation.
 */
@Component
class StoredSigningKeys implements SigningKeyStore {

  static final String TABLE = "signing_keys";
  static final String COLUMN = "wrapped";

  private static final Logger log = LoggerFactory.getLogger(StoredSigningKeys.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int KEY_BYTES = 32;

  private record Wrapped(String id, byte[] wrapped, boolean active, Instant verifyUntil) {}

  private final JdbcClient application;
  private final OwnerDatabase owner;
  private final MasterKeyCipher master;
  private final Clock clock;

  StoredSigningKeys(
      JdbcClient application, OwnerDatabase owner, MasterKeyCipher master, Clock clock) {
    this.application = application;
    this.owner = owner;
    this.master = master;
    this.clock = clock;
  }

  @Override
  public boolean importIfEmpty(String activeId, Map<String, byte[]> keys, Duration keepVerifying) {
    if (!keys.containsKey(activeId)) {
      throw new IllegalArgumentException("the signing key to import has no key");
    }
    return Boolean.TRUE.equals(
        owner
            .transaction()
            .execute(
                tx -> {
                  // Nodes starting together on a new database import once.
                  lock();
                  if (owner
                          .jdbc()
                          .sql("select count(*) from signing_keys")
                          .query(Long.class)
                          .single()
                      > 0) {
                    return false;
                  }
                  Instant now = clock.instant();
                  keys.forEach(
                      (id, key) ->
                          insert(
                              id, key, now, id.equals(activeId) ? null : now.plus(keepVerifying)));
                  return true;
                }));
  }

  @Override
  public List<Key> load() {
    List<Key> keys = new ArrayList<>();
    for (Wrapped row :
        application
            .sql("select key_id, wrapped, active, verify_until from pawkeep_signing_keys()")
            .query(
                (rs, n) ->
                    new Wrapped(
                        rs.getString(1), rs.getBytes(2), rs.getBoolean(3), Instants.from(rs, 4)))
            .list()) {
      try {
        keys.add(
            new Key(
                row.id(),
                master.decrypt(row.wrapped(), TABLE, COLUMN, row.id()),
                row.active(),
                row.verifyUntil()));
      } catch (GeneralSecurityException e) {
        // Fail closed: a key that does not open (tampered with, or under a master key no longer
        // configured) verifies nothing; without the signing key this node signs nothing.
        log.error("The signing key {} does not open under the master key: left out", row.id());
        if (row.active()) {
          throw new IllegalStateException("the signing key does not open under the master key");
        }
      }
    }
    return keys;
  }

  @Override
  public String rotate(Duration keepVerifying) {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    String id = "k-" + UUID.randomUUID();
    owner
        .transaction()
        .executeWithoutResult(
            tx -> {
              lock();
              Instant now = clock.instant();
              owner
                  .jdbc()
                  .sql(
                      "update signing_keys set retired_at = :now, verify_until = :until"
                          + " where retired_at is null")
                  .param("now", Instants.timestamp(now))
                  .param("until", Instants.timestamp(now.plus(keepVerifying)))
                  .update();
              insert(id, key, now, null);
            });
    return id;
  }

  @Override
  public Optional<Instant> activeSince() {
    return owner
        .jdbc()
        .sql("select created_at from signing_keys where retired_at is null")
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  @Override
  public int deleteExpired() {
    return owner
        .jdbc()
        .sql("delete from signing_keys where verify_until <= :now")
        .param("now", Instants.timestamp(clock.instant()))
        .update();
  }

  private void lock() {
    owner.jdbc().sql("lock table signing_keys in share row exclusive mode").update();
  }

  private void insert(String id, byte[] key, Instant now, Instant verifyUntil) {
    owner
        .jdbc()
        .sql(
            "insert into signing_keys (key_id, wrapped, created_at, retired_at, verify_until)"
                + " values (:id, :wrapped, :now, :retired, :until)")
        .param("id", id)
        .param("wrapped", master.encrypt(key, TABLE, COLUMN, id))
        .param("now", Instants.timestamp(now))
        .param("retired", verifyUntil == null ? null : Instants.timestamp(now), Types.TIMESTAMP)
        .param(
            "until", verifyUntil == null ? null : Instants.timestamp(verifyUntil), Types.TIMESTAMP)
        .update();
  }
}
