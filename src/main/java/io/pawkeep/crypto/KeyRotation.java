package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Key rotation without downtime (CRYPTO-2). A data key rotation adds a new primary key to a
 * tenant's keyset; then a background pass re-encrypts every ciphertext of the tenant still under an
 * older key, and once a pass finds none left and {@code pawkeep.crypto.retire-after} has passed (so
 * no request that read the old keyset can still be writing), the older keys are destroyed. A
 * master-key rotation re-wraps every keyset and re-seals every master-key column under the active
 * master key ({@link MasterKeyRewrap}), after which the previous master keys can be removed.
 *
 * <p>The passes must see every tenant, so they run as the schema owner ({@link OwnedKeysets}).
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
      int failures) {}

  private record Sealed(UUID id, byte[] ciphertext) {}

  private record Pass(int moved, int failures) {}

  private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

  private final OwnedKeysets keysets;
  private final MasterKeyRewrap rewrap;
  private final ShredKeyUpgrade upgrade;
  private final TenantKeyStore keyStore;
  private final List<EncryptedColumn> columns;
  private final Clock clock;
  private final Duration retireAfter;
  private final Duration maxKeyAge;

  KeyRotation(
      OwnerDatabase owner,
      MasterKeyCipher master,
      List<EncryptedColumns> columns,
      Clock clock,
      CryptoProperties properties,
      TenantKeyStore keyStore) {
    List<EncryptedColumn> all = columns.stream().flatMap(c -> c.columns().stream()).toList();
    this.keysets =
        new OwnedKeysets(owner, new SealedKeysets(master, keyStore, clock, keyStore.cacheTtl()));
    this.rewrap = new MasterKeyRewrap(keysets, master, all);
    this.upgrade = new ShredKeyUpgrade(keysets);
    this.keyStore = keyStore;
    this.columns = all.stream().filter(EncryptedColumn::tenantScoped).toList();
    this.clock = clock;
    this.retireAfter = properties.retireAfter();
    this.maxKeyAge = properties.dataKeyMaxAge();
  }

  /** Gives every tenant's data keyset a new primary key now. */
  public int rotateAllDataKeys() {
    return rotate(keysets.tenants("true"));
  }

  /**
   * At start (CRYPTO-3): finishes a shred key destruction a crash interrupted, and brings the
   * keysets of an installation older than shred keys under one.
   */
  @EventListener(ApplicationReadyEvent.class)
  public int bringUnderShredKeys() {
    keyStore.reconcile();
    return upgrade.run();
  }

  /**
   * One maintenance run: rotates data keys older than {@code pawkeep.crypto.data-key-max-age},
   * re-encrypts and retires after rotations, and re-wraps what a previous master key still covers.
   */
  public Report run() {
    Timestamp due = Instants.timestamp(clock.instant().minus(maxKeyAge));
    int rotated =
        rotate(keysets.tenants("coalesce(rotated_at, created_at) < :due", Map.of("due", due)));
    int moved = 0;
    int retired = 0;
    int failures = 0;
    upgrade.run();
    for (UUID tenant :
        keysets.tenants(
            "rotated_at is not null and (retired_at is null or retired_at < rotated_at)")) {
      Pass pass = keysets.withLocked(tenant, k -> reencrypt(tenant, k)).orElse(new Pass(0, 0));
      moved += pass.moved();
      failures += pass.failures();
      retired += pass.moved() == 0 && pass.failures() == 0 && retireIfSettled(tenant) ? 1 : 0;
    }
    MasterKeyRewrap.Outcome master = rewrap.run();
    Report report =
        new Report(
            rotated,
            moved,
            retired,
            master.keysetsRewrapped(),
            master.fieldsResealed(),
            failures + master.failures() + keysets.takeUnreadable());
    if (!report.equals(new Report(0, 0, 0, 0, 0, 0))) {
      log.info("Key rotation run: {}", report);
    }
    return report;
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "key-rotation", lockAtMostFor = "PT1H", lockAtLeastFor = "PT1M")
  @Scheduled(
      fixedDelayString = "${pawkeep.crypto.rotation-check-interval:PT10M}",
      initialDelayString = "${pawkeep.crypto.rotation-check-interval:PT10M}")
  void scheduledRun() {
    run();
  }

  /** How many keysets are still wrapped by a key other than the active master key. */
  long keysetsUnderPreviousMasterKeys() {
    return keysets.notWrappedByTheActiveMasterKey();
  }

  private int rotate(List<UUID> tenants) {
    int rotated = 0;
    for (UUID tenant : tenants) {
      rotated +=
          keysets
              .withLocked(
                  tenant,
                  keyset -> {
                    keysets.store(tenant, crypto(() -> DataKeysets.withNewPrimary(keyset)));
                    keysets.mark(tenant, "rotated_at", clock.instant());
                    return 1;
                  })
              .orElse(0);
    }
    return rotated;
  }

  /** Re-encrypts, under the primary key, every ciphertext of the tenant made by an older key. */
  private Pass reencrypt(UUID tenant, KeysetHandle keyset) {
    Aead aead = crypto(() -> DataKeysets.aead(keyset));
    int moved = 0;
    int failures = 0;
    for (EncryptedColumn column : columns) {
      String select =
          "select %1$s, %2$s from %3$s where %4$s = :tenant and %2$s is not null for update"
              .formatted(
                  column.rowColumn(), column.column(), column.table(), column.tenantColumn());
      String update =
          "update %s set %s = :fresh where %s = :tenant and %s = :id"
              .formatted(
                  column.table(), column.column(), column.tenantColumn(), column.rowColumn());
      for (Sealed row :
          keysets
              .jdbc()
              .sql(select)
              .param("tenant", tenant)
              .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getBytes(2)))
              .list()) {
        if (DataKeysets.madeByPrimary(keyset, row.ciphertext())) {
          continue;
        }
        byte[] ad =
            DataKeysets.associatedData(tenant, column.table(), column.associatedName(), row.id());
        try {
          byte[] fresh = aead.encrypt(aead.decrypt(row.ciphertext(), ad), ad);
          keysets
              .jdbc()
              .sql(update)
              .param("fresh", fresh)
              .param("tenant", tenant)
              .param("id", row.id())
              .update();
          moved++;
        } catch (GeneralSecurityException e) {
          failures++;
          log.error(
              "{}.{} of tenant {} row {} failed to decrypt during re-encryption",
              column.table(),
              column.column(),
              tenant,
              row.id());
        }
      }
    }
    if (moved > 0) {
      keysets.mark(tenant, "reencrypted_at", clock.instant());
    }
    return new Pass(moved, failures);
  }

  /**
   * After a pass that moved nothing: destroys the older keys if the last pass that moved something
   * is older than the grace period; otherwise starts the grace period now.
   */
  private boolean retireIfSettled(UUID tenant) {
    Instant now = clock.instant();
    OwnedKeysets.Times times = keysets.times(tenant);
    if (times.reencryptedAt() == null || times.reencryptedAt().isBefore(times.rotatedAt())) {
      keysets.mark(tenant, "reencrypted_at", now);
      return false;
    }
    if (now.isBefore(times.reencryptedAt().plus(retireAfter))) {
      return false;
    }
    return keysets
        .withLocked(
            tenant,
            keyset -> {
              keysets.store(tenant, crypto(() -> DataKeysets.withOnlyThePrimary(keyset)));
              keysets.mark(tenant, "retired_at", now);
              log.info("Retired the older data keys of tenant {}", tenant);
              return true;
            })
        .orElse(false);
  }

  private interface CryptoStep<T> {
    T get() throws GeneralSecurityException;
  }

  private static <T> T crypto(CryptoStep<T> step) {
    try {
      return step.get();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a key rotation step failed", e);
    }
  }
}
