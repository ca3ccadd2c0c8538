package io.pawkeep.crypto;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the keysets written before shred keys existed (CRYPTO-3) under one: each is given a shred
 * key in the key store and stored sealed by it, so a backup taken from then on no longer holds a
 * keyset that the master key alone opens. Runs at start and with every key rotation run (a node of
 * an older version may still write during a rolling upgrade).
 */
final class ShredKeyUpgrade {

  private static final Logger log = LoggerFactory.getLogger(ShredKeyUpgrade.class);

  private final OwnedKeysets keysets;

  ShredKeyUpgrade(OwnedKeysets keysets) {
    this.keysets = keysets;
  }

  /** How many keysets were brought under a shred key. */
  int run() {
    int sealed = 0;
    for (UUID tenant : keysets.tenants("not under_shred_key")) {
      sealed +=
          keysets
              .withLocked(
                  tenant,
                  keyset -> {
                    keysets.store(tenant, keyset);
                    return 1;
                  })
              .orElse(0);
    }
    if (sealed > 0) {
      log.info("Brought {} data keyset(s) under a shred key", sealed);
    }
    return sealed;
  }
}
