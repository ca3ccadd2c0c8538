package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keysets as {@code tenant_data_keys} stores them (CRYPTO-2, CRYPTO-3): wrapped by the master key,
 * then sealed by the tenant's shred key from the {@link TenantKeyStore}. Rows written before shred
 * keys existed ({@code under_shred_key} false) open under the master key alone until they are
 * brought under one at start ({@link ShredKeyUpgrade}).
 *
 * <p>An opened keyset is remembered for the key store's cache lifetime, but only for the exact
 * stored bytes (the row is still read each time, under row-level security) and only while its shred
 * key is the one the key store still holds: a destroyed shred key ends it at once.
 */
final class SealedKeysets {

  private record Opened(byte[] stored, Aead shredKey, KeysetHandle keyset, Instant at) {}

  private static final int MAX_OPENED = 100_000;

  private final MasterKeyCipher master;
  private final TenantKeyStore keyStore;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Map<UUID, Opened> opened = new ConcurrentHashMap<>();

  SealedKeysets(MasterKeyCipher master, TenantKeyStore keyStore, Clock clock, Duration cacheTtl) {
    this.master = master;
    this.keyStore = keyStore;
    this.clock = clock;
    this.cacheTtl = cacheTtl;
  }

  MasterKeyCipher master() {
    return master;
  }

  TenantKeyStore keyStore() {
    return keyStore;
  }

  /**
   * The keyset of a stored row; {@link GeneralSecurityException} when its shred key is gone or
   * damaged, {@link IllegalStateException} when no configured master key opens it.
   */
  KeysetHandle open(UUID tenant, byte[] stored, boolean underShredKey)
      throws GeneralSecurityException {
    if (!underShredKey) {
      return DataKeysets.unwrap(master, tenant, stored);
    }
    Aead shredKey;
    try {
      shredKey =
          keyStore.shredKey(tenant).orElseThrow(() -> new GeneralSecurityException("no shred key"));
    } catch (IllegalStateException damaged) {
      throw new GeneralSecurityException("the shred key is damaged");
    }
    Instant now = clock.instant();
    Opened known = opened.get(tenant);
    if (known != null
        && known.shredKey() == shredKey
        && Arrays.equals(known.stored(), stored)
        && now.isBefore(known.at().plus(cacheTtl))) {
      return known.keyset();
    }
    KeysetHandle keyset =
        DataKeysets.unwrap(master, tenant, DataKeysets.unseal(shredKey, tenant, stored));
    if (opened.size() >= MAX_OPENED) {
      opened.clear();
    }
    opened.put(tenant, new Opened(stored.clone(), shredKey, keyset, now));
    return keyset;
  }

  /** The keyset as it is to be stored: under the active master key and the tenant's shred key. */
  byte[] seal(UUID tenant, KeysetHandle keyset) throws GeneralSecurityException {
    return DataKeysets.seal(
        keyStore.shredKeyCreatingIt(tenant), tenant, DataKeysets.wrap(master, tenant, keyset));
  }

  void forget(UUID tenant) {
    opened.remove(tenant);
  }
}
