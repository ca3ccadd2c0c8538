package io.pawkeep.crypto;

import com.google.crypto.tink.KeysetHandle;
import io.pawkeep.web.Instants;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Envelope encryption of sensitive fields (CRYPTO-1, CRYPTO-2, CRYPTO-3): AES-256-GCM from a
 * per-tenant Tink keyset, itself wrapped by the master key. Associated data binds every ciphertext
 * to its tenant, table, column and row, so a ciphertext copied anywhere else fails. Ciphertexts
 * carry their key id, so a rotated keyset still opens older ones until {@link KeyRotation} has
 * re-encrypted them. Runs in the caller's transaction; row-level security decides who may use a
 * tenant's keys. Each stored keyset is also sealed by the tenant's shred key, kept outside the
 * database in the {@link TenantKeyStore}, so that shredding reaches backups and WAL archives.
 */
@Component
public class FieldCipher {

  private static final Logger log = LoggerFactory.getLogger(FieldCipher.class);

  private record Stored(byte[] keyset, boolean underShredKey) {}

  private final JdbcClient jdbc;
  private final MasterKeyCipher master;
  private final Clock clock;
  private final TenantKeyStore keyStore;
  private final SealedKeysets keysets;

  FieldCipher(JdbcClient jdbc, MasterKeyCipher master, Clock clock, TenantKeyStore keyStore) {
    this.jdbc = jdbc;
    this.master = master;
    this.clock = clock;
    this.keyStore = keyStore;
    this.keysets = new SealedKeysets(master, keyStore, clock, keyStore.cacheTtl());
  }

  /**
   * The same keys, read through another connection: the schema owner's, for maintenance that runs
   * without a person (the erasure purge shreds a household nobody owns any more), and in tests.
   */
  public FieldCipher through(JdbcClient other) {
    return new FieldCipher(other, master, clock, keyStore);
  }

  /**
   * Encrypts with the tenant's primary key, creating the tenant's keyset on first use. Also seals
   * the per-file keys of stored documents (FILE-2), so shredding the tenant shreds its files.
   */
  public byte[] encrypt(UUID tenant, String table, String column, UUID row, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext cannot be null");
    try {
      return DataKeysets.aead(keyset(tenant).orElseGet(() -> create(tenant)))
          .encrypt(plaintext, DataKeysets.associatedData(tenant, table, column, row));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("field encryption failed", e);
    }
  }

  /**
   * Decrypts, or throws {@link GeneralSecurityException} when the ciphertext was tampered with,
   * moved from another tenant, table, column or row, or its tenant's keys were destroyed.
   */
  public byte[] decrypt(UUID tenant, String table, String column, UUID row, byte[] ciphertext)
      throws GeneralSecurityException {
    Objects.requireNonNull(ciphertext, "ciphertext cannot be null");
    KeysetHandle keyset =
        keyset(tenant).orElseThrow(() -> new GeneralSecurityException("no data key"));
    return DataKeysets.aead(keyset)
        .decrypt(ciphertext, DataKeysets.associatedData(tenant, table, column, row));
  }

  /** Encrypts text as UTF-8; {@code null} stays {@code null}. */
  public byte[] encryptText(UUID tenant, String table, String column, UUID row, String text) {
    return text == null
        ? null
        : encrypt(tenant, table, column, row, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decrypts text; {@code null} stays {@code null}. A stored ciphertext that does not open means
   * the stored data was tampered with or its keys destroyed: an {@link IllegalStateException}
   * naming the tenant, table, column and row, never the value.
   */
  public String decryptText(UUID tenant, String table, String column, UUID row, byte[] sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      return new String(decrypt(tenant, table, column, row, sealed), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      log.error("{}.{} of tenant {} row {} failed to decrypt", table, column, tenant, row);
      throw new IllegalStateException("a stored field failed to decrypt");
    }
  }

  /**
   * Adds a new primary key (owners of the tenant); older keys stay to open older ciphertexts until
   * the re-encryption job has moved them and retired the old keys.
   */
  void rotate(UUID tenant) {
    try {
      KeysetHandle current =
          keyset(tenant).orElseThrow(() -> new IllegalStateException("no data key to rotate"));
      jdbc.sql(
              "update tenant_data_keys"
                  + " set keyset = :keyset, master_key_id = :activeKeyId, rotated_at = :now,"
                  + " under_shred_key = true"
                  + " where tenant_id = :tenant")
          .param("keyset", keysets.seal(tenant, DataKeysets.withNewPrimary(current)))
          .param("activeKeyId", master.activeKeyId())
          .param("now", Instants.timestamp(clock.instant()))
          .param("tenant", tenant)
          .update();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("data key rotation failed", e);
    }
  }

  /**
   * Destroys the tenant's keys (CRYPTO-3): its keyset row and its shred key in the key store, so
   * that nothing encrypted for it can be decrypted again, not from a backup or a WAL archive
   * either, and lists the tenant for every restore to purge ({@link ShreddedTenants}). Only for
   * whom the database allows ({@code pawkeep_may_destroy_keys}: the tenant's owners, or the schema
   * owner); for anyone else nothing is destroyed. Inside a transaction the shred key goes just
   * before the commit, so a deletion never commits with its shred key left behind. Answers whether
   * a keyset row was deleted.
   */
  public boolean shred(UUID tenant) {
    Objects.requireNonNull(tenant, "tenant cannot be null");
    boolean deleted =
        jdbc.sql("delete from tenant_data_keys where tenant_id = :tenant")
                .param("tenant", tenant)
                .update()
            == 1;
    if (!deleted
        && !jdbc.sql("select pawkeep_may_destroy_keys(:tenant)")
            .param("tenant", tenant)
            .query(Boolean.class)
            .single()) {
      return false;
    }
    keysets.forget(tenant);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              keyStore.destroy(tenant);
            }
          });
    } else {
      keyStore.destroy(tenant);
    }
    return deleted;
  }

  /** How many keys the tenant's keyset holds (1 until the first rotation). */
  int keyCount(UUID tenant) {
    try {
      return keyset(tenant).map(KeysetHandle::size).orElse(0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the data keyset of a tenant failed to open", e);
    }
  }

  private Optional<KeysetHandle> keyset(UUID tenant) throws GeneralSecurityException {
    Optional<Stored> stored =
        jdbc.sql("select keyset, under_shred_key from tenant_data_keys where tenant_id = :tenant")
            .param("tenant", tenant)
            .query((rs, n) -> new Stored(rs.getBytes(1), rs.getBoolean(2)))
            .optional();
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(keysets.open(tenant, stored.get().keyset(), stored.get().underShredKey()));
  }

  private KeysetHandle create(UUID tenant) {
    // CRYPTO-3, AVAIL-4: a tenant shredded on another node has no keyset row any more, but this
    // node may still hold its shred key in the key store's cache; the destroyed list is read from
    // the key store itself (once per keyset made, which is rare), so no new keyset is ever made
    // under a destroyed key.
    if (keyStore.isShredded(tenant)) {
      throw new IllegalStateException("the keys of this tenant were destroyed");
    }
    try {
      jdbc.sql(
              "insert into tenant_data_keys"
                  + " (tenant_id, keyset, master_key_id, created_at, under_shred_key)"
                  + " values (:tenant, :keyset, :activeKeyId, :now, true)"
                  + " on conflict (tenant_id) do nothing")
          .param("tenant", tenant)
          .param("keyset", keysets.seal(tenant, DataKeysets.generate()))
          .param("activeKeyId", master.activeKeyId())
          .param("now", Instants.timestamp(clock.instant()))
          .update();
      // Another transaction may have created it first: use whichever keyset was stored.
      return keyset(tenant).orElseThrow(() -> new DuplicateKeyException("no data key"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("data key creation failed", e);
    }
  }
}
