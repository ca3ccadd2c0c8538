package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Envelope encryption of sensitive fields (CRYPTO-1, CRYPTO-2, CRYPTO-3): AES-256-GCM from a
 * per-tenant Tink keyset, itself wrapped by the master key. Associated data binds every ciphertext
 * to its tenant, table, column and row, so a ciphertext copied anywhere else fails. Ciphertexts
 * carry their key id, so a rotated keyset still opens older ones. Runs in the caller's transaction;
 * row-level security decides who may use a tenant's keys.
 */
@Component
public class FieldCipher {

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink AEAD could not be registered", e);
    }
  }

  private final JdbcClient jdbc;
  private final MasterKeyCipher master;
  private final Clock clock;

  FieldCipher(JdbcClient jdbc, MasterKeyCipher master, Clock clock) {
    this.jdbc = jdbc;
    this.master = master;
    this.clock = clock;
  }

  /** Encrypts with the tenant's primary key, creating the tenant's keyset on first use. */
  public byte[] encrypt(UUID tenant, String table, String column, UUID row, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext cannot be null");
    try {
      return aead(keyset(tenant).orElseGet(() -> create(tenant)))
          .encrypt(plaintext, associatedData(tenant, table, column, row));
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
    return aead(keyset).decrypt(ciphertext, associatedData(tenant, table, column, row));
  }

  /** Adds a new primary key; older keys stay to open older ciphertexts until re-encrypted. */
  public void rotate(UUID tenant) {
    try {
      KeysetHandle current =
          keyset(tenant).orElseThrow(() -> new IllegalStateException("no data key to rotate"));
      KeysetHandle rotated =
          KeysetHandle.newBuilder(current)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
      jdbc.sql("update tenant_data_keys set keyset = ?, rotated_at = ? where tenant_id = ?")
          .params(wrap(tenant, rotated), Timestamp.from(clock.instant()), tenant)
          .update();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("data key rotation failed", e);
    }
  }

  /** Destroys the tenant's keys: nothing encrypted for it can be decrypted again. */
  public boolean shred(UUID tenant) {
    return jdbc.sql("delete from tenant_data_keys where tenant_id = ?").param(tenant).update() == 1;
  }

  /** How many keys the tenant's keyset holds (1 until the first rotation). */
  public int keyCount(UUID tenant) {
    return keyset(tenant).map(KeysetHandle::size).orElse(0);
  }

  private Optional<KeysetHandle> keyset(UUID tenant) {
    return jdbc.sql("select keyset from tenant_data_keys where tenant_id = ?")
        .param(tenant)
        .query((rs, n) -> rs.getBytes(1))
        .optional()
        .map(wrapped -> unwrap(tenant, wrapped));
  }

  private KeysetHandle create(UUID tenant) {
    try {
      KeysetHandle fresh = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      jdbc.sql(
              "insert into tenant_data_keys (tenant_id, keyset, created_at) values (?, ?, ?)"
                  + " on conflict (tenant_id) do nothing")
          .params(tenant, wrap(tenant, fresh), Timestamp.from(clock.instant()))
          .update();
      // Another transaction may have created it first: use whichever keyset was stored.
      return keyset(tenant).orElseThrow(() -> new DuplicateKeyException("no data key"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("data key creation failed", e);
    }
  }

  private byte[] wrap(UUID tenant, KeysetHandle keyset) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(
        keyset, master.aead(), keysetAssociatedData(tenant));
  }

  private KeysetHandle unwrap(UUID tenant, byte[] wrapped) {
    try {
      return TinkProtoKeysetFormat.parseEncryptedKeyset(
          wrapped, master.aead(), keysetAssociatedData(tenant));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the data keyset of a tenant failed to unwrap", e);
    }
  }

  private static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
    return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  private static byte[] keysetAssociatedData(UUID tenant) {
    return ("keyset|" + tenant).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] associatedData(UUID tenant, String table, String column, UUID row) {
    Objects.requireNonNull(tenant, "tenant cannot be null");
    Objects.requireNonNull(table, "table cannot be null");
    Objects.requireNonNull(column, "column cannot be null");
    Objects.requireNonNull(row, "row cannot be null");
    return (tenant + "|" + table + "|" + column + "|" + row).getBytes(StandardCharsets.UTF_8);
  }
}
