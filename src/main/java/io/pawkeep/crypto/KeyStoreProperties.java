package io.pawkeep.crypto;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenant key store (CRYPTO-3). {@code path}: the folder of the tenants' shred keys, empty means
 * {@code <data-dir>/keystore}; {@code recoveryPath}: the key store's own copy for disaster
 * recovery, best on another disk, empty means {@code <data-dir>/keystore-recovery}; {@code
 * retention}: how long that copy keeps a destroyed tenant's shred key (the shredding window);
 * {@code cacheTtl}: how long a node keeps a shred key or an unwrapped keyset in memory.
 */
@ConfigurationProperties("pawkeep.crypto.key-store")
record KeyStoreProperties(
    @DefaultValue("") String path,
    @DefaultValue("") String recoveryPath,
    @DefaultValue("P7D") Duration retention,
    @DefaultValue("PT5M") Duration cacheTtl) {

  KeyStoreProperties {
    if (retention.isNegative() || cacheTtl.isNegative()) {
      throw new IllegalArgumentException("key store durations cannot be negative");
    }
  }
}
