package io.pawkeep.crypto;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tenants whose keys were destroyed (CRYPTO-3), listed in the tenant key store rather than in
 * the database, so that a database restored from a backup taken before a deletion learns of it: a
 * restore calls {@link #purgeFrom(Connection)} before the application uses the restored rows.
 */
@Component
public final class ShreddedTenants {

  private static final Logger log = LoggerFactory.getLogger(ShreddedTenants.class);

  private final TenantKeyStore keyStore;
  private final List<TenantPurge> purges;

  ShreddedTenants(TenantKeyStore keyStore, List<TenantPurge> purges) {
    this.keyStore = keyStore;
    this.purges = List.copyOf(purges);
  }

  /** Every household or business whose keys were destroyed, by id. */
  public Set<UUID> tenants() {
    return Set.copyOf(keyStore.shredded().keySet());
  }

  /** The same, with when each was destroyed. */
  public Map<UUID, Instant> destroyedAt() {
    return Map.copyOf(keyStore.shredded());
  }

  /**
   * Deletes from a just-restored database, through a connection of the schema owner, every listed
   * household and business and what hangs off them (each module's {@link TenantPurge}), and their
   * keyset rows. Answers how many households and businesses were deleted.
   */
  public int purgeFrom(Connection owner) throws SQLException {
    Set<UUID> tenants = tenants();
    if (tenants.isEmpty()) {
      return 0;
    }
    Array ids = owner.createArrayOf("uuid", tenants.toArray());
    try (PreparedStatement keys =
        owner.prepareStatement("delete from tenant_data_keys where tenant_id = any (?)")) {
      keys.setArray(1, ids);
      keys.executeUpdate();
    } finally {
      ids.free();
    }
    int deleted = 0;
    for (TenantPurge purge : purges) {
      deleted += purge.purge(owner, tenants);
    }
    if (deleted > 0) {
      log.info(
          "Purged {} destroyed household(s) and business(es) from a restored database", deleted);
    }
    return deleted;
  }
}
