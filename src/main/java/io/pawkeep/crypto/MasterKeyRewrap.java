package io.pawkeep.crypto;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a master-key rotation: re-wraps every tenant keyset, and re-seals every master-key column,
 * under the active master key, so that the previous master keys can be removed.
 */
final class MasterKeyRewrap {

  /** What one pass moved, and how many ciphertexts opened under no configured key. */
  record Outcome(int keysetsRewrapped, int fieldsResealed, int failures) {}

  private record Sealed(String id, byte[] ciphertext) {}

  private static final Logger log = LoggerFactory.getLogger(MasterKeyRewrap.class);

  private final OwnedKeysets keysets;
  private final MasterKeyCipher master;
  private final List<EncryptedColumn> columns;

  MasterKeyRewrap(OwnedKeysets keysets, MasterKeyCipher master, List<EncryptedColumn> columns) {
    this.keysets = keysets;
    this.master = master;
    this.columns = columns.stream().filter(c -> !c.tenantScoped()).toList();
  }

  Outcome run() {
    int rewrapped = 0;
    for (UUID tenant :
        keysets.tenants(
            "master_key_id is distinct from :activeKeyId",
            Map.of("activeKeyId", master.activeKeyId()))) {
      rewrapped +=
          keysets
              .withLocked(
                  tenant,
                  keyset -> {
                    keysets.store(tenant, keyset);
                    return 1;
                  })
              .orElse(0);
    }
    int resealed = 0;
    int failures = 0;
    // Without previous keys, only the active key ever opened these: nothing to move.
    if (master.hasPreviousKeys()) {
      for (EncryptedColumn column : columns) {
        Outcome outcome = reseal(column);
        resealed += outcome.fieldsResealed();
        failures += outcome.failures();
      }
    }
    return new Outcome(rewrapped, resealed, failures);
  }

  private Outcome reseal(EncryptedColumn column) {
    String select =
        "select %s::text, %s from %s where %s is not null"
            .formatted(column.rowColumn(), column.column(), column.table(), column.column());
    // Compare-and-set: a value changed meanwhile is already under the active key.
    String update =
        "update %s set %s = :fresh where %s::text = :id and %s = :sealed"
            .formatted(column.table(), column.column(), column.rowColumn(), column.column());
    int resealed = 0;
    int failures = 0;
    for (Sealed row :
        keysets
            .jdbc()
            .sql(select)
            .query((rs, n) -> new Sealed(rs.getString(1), rs.getBytes(2)))
            .list()) {
      String table = column.table();
      String name = column.associatedName();
      if (master.sealedByActiveKey(row.ciphertext(), table, name, row.id())) {
        continue;
      }
      try {
        byte[] fresh =
            master.encrypt(
                master.decrypt(row.ciphertext(), table, name, row.id()), table, name, row.id());
        resealed +=
            keysets
                .jdbc()
                .sql(update)
                .param("fresh", fresh)
                .param("id", row.id())
                .param("sealed", row.ciphertext())
                .update();
      } catch (GeneralSecurityException e) {
        failures++;
        log.error(
            "{}.{} row {} opens under no configured master key", table, column.column(), row.id());
      }
    }
    return new Outcome(0, resealed, failures);
  }
}
