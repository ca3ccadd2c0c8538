package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.UUID;

/** Tenants' Tink keysets: generation, rotation, retirement and wrapping by the master key. */
final class DataKeysets {

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink AEAD could not be registered", e);
    }
  }

  // Tink's output prefix: one version byte, then the big-endian id of the key that encrypted.
  private static final byte TINK_PREFIX = 0x01;
  private static final int PREFIX_BYTES = 5;

  private DataKeysets() {}

  static KeysetHandle generate() throws GeneralSecurityException {
    return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
  }

  /** The keyset with a fresh primary key; older keys stay to open older ciphertexts. */
  static KeysetHandle withNewPrimary(KeysetHandle keyset) throws GeneralSecurityException {
    return KeysetHandle.newBuilder(keyset)
        .addEntry(
            KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId()
                .makePrimary())
        .build();
  }

  /** The keyset reduced to its primary key: the others are destroyed. */
  static KeysetHandle withOnlyThePrimary(KeysetHandle keyset) throws GeneralSecurityException {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    for (int i = builder.size() - 1; i >= 0; i--) {
      if (!keyset.getAt(i).isPrimary()) {
        builder.deleteAt(i);
      }
    }
    return builder.build();
  }

  /** Whether the ciphertext was made by the keyset's primary key. */
  static boolean madeByPrimary(KeysetHandle keyset, byte[] ciphertext) {
    return ciphertext.length > PREFIX_BYTES
        && ciphertext[0] == TINK_PREFIX
        && ByteBuffer.wrap(ciphertext, 1, 4).getInt() == keyset.getPrimary().getId();
  }

  static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
    return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  static byte[] wrap(MasterKeyCipher master, UUID tenant, KeysetHandle keyset)
      throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(
        keyset, master.aead(), keysetAssociatedData(tenant));
  }

  static KeysetHandle unwrap(MasterKeyCipher master, UUID tenant, byte[] wrapped) {
    try {
      return TinkProtoKeysetFormat.parseEncryptedKeyset(
          wrapped, master.aead(), keysetAssociatedData(tenant));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the data keyset of a tenant failed to unwrap", e);
    }
  }

  /**
   * Wraps a keyset wrapped by the master key once more, with the tenant's shred key (CRYPTO-3): the
   * stored row opens only while both keys exist.
   */
  static byte[] seal(Aead shredKey, UUID tenant, byte[] wrapped) throws GeneralSecurityException {
    return shredKey.encrypt(wrapped, shredAssociatedData(tenant));
  }

  static byte[] unseal(Aead shredKey, UUID tenant, byte[] sealed) throws GeneralSecurityException {
    return shredKey.decrypt(sealed, shredAssociatedData(tenant));
  }

  static byte[] associatedData(UUID tenant, String table, String column, UUID row) {
    Objects.requireNonNull(tenant, "tenant cannot be null");
    Objects.requireNonNull(table, "table cannot be null");
    Objects.requireNonNull(column, "column cannot be null");
    Objects.requireNonNull(row, "row cannot be null");
    return (tenant + "|" + table + "|" + column + "|" + row).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] shredAssociatedData(UUID tenant) {
    return ("shred|" + tenant).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] keysetAssociatedData(UUID tenant) {
    return ("keyset|" + tenant).getBytes(StandardCharsets.UTF_8);
  }
}
