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

/**
 * Envelope encryption of sensitive fields (CRYPTO-1, CRYPTO-2, CRYPTO-3): AES-256-GCM from a
 * per-tenant Tink keyset, itself wrapped by the master key. Associated data binds every ciphertext
 * to its tenant, table, column and row, so a ciphertext copied anywhere else fails. Ciphertexts
 * carry their key id, so a rotated keyset still opens older ones until {@link KeyRotation} has
 * re-encrypted them. Runs in the caller's transaction; row-level security decides who may use a
 * tenant's keys.
 */
@Component
public class FieldCipher {

  private static final Logger log = LoggerFactory.getLogger(FieldCipher.class);

  private final JdbcClient jdbc;
  private final MasterKeyCipher master;
  private final Clock clock;

  FieldCipher(JdbcClient jdbc, MasterKeyCipher master, Clock clock) {
    this.jdbc = jdbc;
    this.master = master;
    this.clock = clock;
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
                  + " set keyset = :keyset, master_key_id = :activeKeyId, rotated_at = :now"
                  + " where tenant_id = :tenant")
          .param("keyset", DataKeysets.wrap(master, tenant, DataKeysets.withNewPrimary(current)))
          .param("activeKeyId", master.activeKeyId())
          .param("now", Instants.timestamp(clock.instant()))
          .param("tenant", tenant)
          .update();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("data key rotation failed", e);
    }
  }

  /** Destroys the tenant's keys: nothing encrypted for it can be decrypted again. */
  public boolean shred(UUID tenant) {
    return jdbc.sql("delete from tenant_data_keys where tenant_id = :tenant")
            .param("tenant", tenant)
            .update()
        == 1;
  }

  /** How many keys the tenant's keyset holds (1 until the first rotation). */
  int keyCount(UUID tenant) {
    return keyset(tenant).map(KeysetHandle::size).orElse(0);
  }

  private Optional<KeysetHandle> keyset(UUID tenant) {
    return jdbc.sql("select keyset from tenant_data_keys where tenant_id = :tenant")
        .param("tenant", tenant)
        .query((rs, n) -> rs.getBytes(1))
        .optional()
        .map(wrapped -> DataKeysets.unwrap(master, tenant, wrapped));
  }

  private KeysetHandle create(UUID tenant) {
    try {
      jdbc.sql(
              "insert into tenant_data_keys (tenant_id, keyset, master_key_id, created_at)"
                  + " values (:tenant, :keyset, :activeKeyId, :now)"
                  + " on conflict (tenant_id) do nothing")
          .param("tenant", tenant)
          .param("keyset", DataKeysets.wrap(master, tenant, DataKeysets.generate()))
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
