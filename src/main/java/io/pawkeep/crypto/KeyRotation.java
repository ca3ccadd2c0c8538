package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.pawkeep.database.OwnerDatabase;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Key rotation without downtime (CRYPTO-2). A data key rotation adds a new primary key to a
 * tenant's keyset; then a background pass re-encrypts every ciphertext of the tenant still under an
 * older key, and once a pass finds none left and {@code pawkeep.crypto.retire-after} has passed (so
 * no request that read the old keyset can still be writing), the older keys are destroyed. A
 * master-key rotation re-wraps every keyset and re-seals every master-key column under the active
 * master key, after which the previous master keys can be removed from the configuration.
 *
 * <p>The passes must see every tenant, so they run as the schema owner; each tenant is handled in
 * its own transaction with its keyset row locked ({@code skip locked}, so nodes share the work).
 */
@Component
public class KeyRotation {

  /** What one run did. */
  public record Report(
      int keysetsRotated,
      int ciphertextsReencrypted,
      int keysetsRetired,
      int keysetsRewrapped,
      int masterSealedReencrypted,
      int failures) {

    Report plus(Report other) {
      return new Report(
          keysetsRotated + other.keysetsRotated,
          ciphertextsReencrypted + other.ciphertextsReencrypted,
          keysetsRetired + other.keysetsRetired,
          keysetsRewrapped + other.keysetsRewrapped,
          masterSealedReencrypted + other.masterSealedReencrypted,
          failures + other.failures);
    }
  }

  private static final Report NOTHING = new Report(0, 0, 0, 0, 0, 0);
  private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

  private final OwnerDatabase owner;
  private final MasterKeyCipher master;
  private final List<EncryptedColumn> columns;
  private final Clock clock;
  private final Duration retireAfter;
  private final Duration maxKeyAge;

  KeyRotation(
      OwnerDatabase owner,
      MasterKeyCipher master,
      List<EncryptedColumns> columns,
      Clock clock,
      @Value("${pawkeep.crypto.retire-after:PT1H}") Duration retireAfter,
      @Value("${pawkeep.crypto.data-key-max-age:P90D}") Duration maxKeyAge) {
    this.owner = owner;
    this.master = master;
    this.columns = columns.stream().flatMap(c -> c.columns().stream()).toList();
    this.clock = clock;
    this.retireAfter = retireAfter;
    this.maxKeyAge = maxKeyAge;
  }

  /** Gives every tenant's data keyset a new primary key now. */
  public int rotateAllDataKeys() {
    return rotate("select tenant_id from tenant_data_keys", List.of());
  }

  /**
   * One maintenance run: rotates data keys older than {@code pawkeep.crypto.data-key-max-age},
   * re-encrypts and retires after rotations, and re-wraps what a previous master key still covers.
   */
  public Report run() {
    Instant due = clock.instant().minus(maxKeyAge);
    int rotated =
        rotate(
            "select tenant_id from tenant_data_keys where coalesce(rotated_at, created_at) < ?",
            List.of(Timestamp.from(due)));
    Report report = new Report(rotated, 0, 0, 0, 0, 0);
    for (UUID tenant : pendingTenants()) {
      report = report.plus(reencryptTenant(tenant));
    }
    report = report.plus(rewrapUnderActiveMasterKey());
    if (!report.equals(NOTHING)) {
      log.info("Key rotation run: {}", report);
    }
    return report;
  }

  @Scheduled(
      fixedDelayString = "${pawkeep.crypto.rotation-check-interval:PT10M}",
      initialDelayString = "${pawkeep.crypto.rotation-check-interval:PT10M}")
  void scheduledRun() {
    run();
  }

  /** How many keysets are still wrapped by a key other than the active master key. */
  public long keysetsUnderPreviousMasterKeys() {
    return owner
        .jdbc()
        .sql("select count(*) from tenant_data_keys where master_key_id is distinct from ?")
        .param(master.activeKeyId())
        .query(Long.class)
        .single();
  }

  private int rotate(String select, List<Object> params) {
    int rotated = 0;
    for (UUID tenant : owner.jdbc().sql(select).params(params).query(UUID.class).list()) {
      Boolean done =
          owner
              .transaction()
              .execute(
                  tx ->
                      lockedKeyset(tenant)
                          .map(
                              keyset -> {
                                store(tenant, sealed(() -> DataKeysets.withNewPrimary(keyset)));
                                owner
                                    .jdbc()
                                    .sql(
                                        "update tenant_data_keys set rotated_at = ?"
                                            + " where tenant_id = ?")
                                    .params(Timestamp.from(clock.instant()), tenant)
                                    .update();
                                return true;
                              })
                          .orElse(false));
      rotated += Boolean.TRUE.equals(done) ? 1 : 0;
    }
    return rotated;
  }

  private List<UUID> pendingTenants() {
    return owner
        .jdbc()
        .sql(
            "select tenant_id from tenant_data_keys where rotated_at is not null"
                + " and (retired_at is null or retired_at < rotated_at)")
        .query(UUID.class)
        .list();
  }

  private Report reencryptTenant(UUID tenant) {
    return owner
        .transaction()
        .execute(tx -> lockedKeyset(tenant).map(k -> reencryptLocked(tenant, k)).orElse(NOTHING));
  }

  private Report reencryptLocked(UUID tenant, KeysetHandle keyset) {
    int moved = 0;
    int failures = 0;
    Aead aead = sealed(() -> DataKeysets.aead(keyset));
    for (EncryptedColumn column : columns) {
      if (!column.tenantScoped()) {
        continue;
      }
      String select =
          "select %s, %s from %s where %s = ? and %s is not null for update"
              .formatted(
                  column.rowColumn(),
                  column.column(),
                  column.table(),
                  column.tenantColumn(),
                  column.column());
      String update =
          "update %s set %s = ? where %s = ? and %s = ?"
              .formatted(
                  column.table(), column.column(), column.tenantColumn(), column.rowColumn());
      for (Sealed row :
          owner
              .jdbc()
              .sql(select)
              .param(tenant)
              .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getBytes(2)))
              .list()) {
        if (DataKeysets.madeByPrimary(keyset, row.ciphertext())) {
          continue;
        }
        byte[] ad =
            DataKeysets.associatedData(tenant, column.table(), column.associatedName(), row.id());
        try {
          byte[] fresh = aead.encrypt(aead.decrypt(row.ciphertext(), ad), ad);
          owner.jdbc().sql(update).params(fresh, tenant, row.id()).update();
          moved++;
        } catch (GeneralSecurityException e) {
          failures++;
          log.error(
              "A ciphertext in {}.{} of tenant {} row {} failed to decrypt during re-encryption",
              column.table(),
              column.column(),
              tenant,
              row.id());
        }
      }
    }
    return new Report(0, moved, retireIfSettled(tenant, keyset, moved, failures), 0, 0, failures);
  }

  /** Destroys the older keys once a pass moved nothing and the grace period has passed. */
  private int retireIfSettled(UUID tenant, KeysetHandle keyset, int moved, int failures) {
    Instant now = clock.instant();
    Timestamp[] times =
        owner
            .jdbc()
            .sql("select rotated_at, reencrypted_at from tenant_data_keys where tenant_id = ?")
            .param(tenant)
            .query((rs, n) -> new Timestamp[] {rs.getTimestamp(1), rs.getTimestamp(2)})
            .single();
    Instant rotatedAt = times[0].toInstant();
    Instant reencryptedAt = times[1] == null ? null : times[1].toInstant();
    if (moved > 0 || reencryptedAt == null || reencryptedAt.isBefore(rotatedAt)) {
      owner
          .jdbc()
          .sql("update tenant_data_keys set reencrypted_at = ? where tenant_id = ?")
          .params(Timestamp.from(now), tenant)
          .update();
      return 0;
    }
    if (failures > 0 || now.isBefore(reencryptedAt.plus(retireAfter))) {
      return 0;
    }
    store(tenant, sealed(() -> DataKeysets.withOnlyThePrimary(keyset)));
    owner
        .jdbc()
        .sql("update tenant_data_keys set retired_at = ? where tenant_id = ?")
        .params(Timestamp.from(now), tenant)
        .update();
    log.info("Retired the older data keys of tenant {}", tenant);
    return 1;
  }

  private Report rewrapUnderActiveMasterKey() {
    int rewrapped = 0;
    for (UUID tenant :
        owner
            .jdbc()
            .sql("select tenant_id from tenant_data_keys where master_key_id is distinct from ?")
            .param(master.activeKeyId())
            .query(UUID.class)
            .list()) {
      Boolean done =
          owner
              .transaction()
              .execute(
                  tx ->
                      lockedKeyset(tenant)
                          .map(
                              keyset -> {
                                store(tenant, keyset);
                                return true;
                              })
                          .orElse(false));
      rewrapped += Boolean.TRUE.equals(done) ? 1 : 0;
    }
    int resealed = 0;
    int failures = 0;
    if (master.hasPreviousKeys()) {
      for (EncryptedColumn column : columns) {
        if (!column.tenantScoped()) {
          int[] counts = resealMasterColumn(column);
          resealed += counts[0];
          failures += counts[1];
        }
      }
    }
    return new Report(0, 0, 0, rewrapped, resealed, failures);
  }

  private int[] resealMasterColumn(EncryptedColumn column) {
    String select =
        "select %s::text, %s from %s where %s is not null"
            .formatted(column.rowColumn(), column.column(), column.table(), column.column());
    String update =
        "update %s set %s = ? where %s::text = ? and %s = ?"
            .formatted(column.table(), column.column(), column.rowColumn(), column.column());
    int resealed = 0;
    int failures = 0;
    for (Object[] row :
        owner
            .jdbc()
            .sql(select)
            .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2)})
            .list()) {
      String id = (String) row[0];
      byte[] ciphertext = (byte[]) row[1];
      if (master.sealedByActiveKey(ciphertext, column.table(), column.associatedName(), id)) {
        continue;
      }
      try {
        byte[] plaintext = master.decrypt(ciphertext, column.table(), column.associatedName(), id);
        byte[] fresh = master.encrypt(plaintext, column.table(), column.associatedName(), id);
        // Compare-and-set: a concurrent change of the value wins over this re-seal.
        resealed += owner.jdbc().sql(update).params(fresh, id, ciphertext).update();
      } catch (GeneralSecurityException e) {
        failures++;
        log.error(
            "A ciphertext in {}.{} row {} opens under no configured master key",
            column.table(),
            column.column(),
            id);
      }
    }
    return new int[] {resealed, failures};
  }

  private java.util.Optional<KeysetHandle> lockedKeyset(UUID tenant) {
    return owner
        .jdbc()
        .sql("select keyset from tenant_data_keys where tenant_id = ? for update skip locked")
        .param(tenant)
        .query((rs, n) -> rs.getBytes(1))
        .optional()
        .map(wrapped -> DataKeysets.unwrap(master, tenant, wrapped));
  }

  /** Stores the keyset wrapped by the active master key. */
  private void store(UUID tenant, KeysetHandle keyset) {
    owner
        .jdbc()
        .sql("update tenant_data_keys set keyset = ?, master_key_id = ? where tenant_id = ?")
        .params(
            sealed(() -> DataKeysets.wrap(master, tenant, keyset)), master.activeKeyId(), tenant)
        .update();
  }

  private record Sealed(UUID id, byte[] ciphertext) {}

  private interface CryptoStep<T> {
    T get() throws GeneralSecurityException;
  }

  private static <T> T sealed(CryptoStep<T> step) {
    try {
      return step.get();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a key rotation step failed", e);
    }
  }
}
