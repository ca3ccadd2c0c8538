package io.pawkeep.crypto;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

/**
 * Deletes destroyed tenants from a just-restored database (CRYPTO-3): each module that owns a kind
 * of tenant (households, businesses) provides one for its own tables, and {@link ShreddedTenants}
 * runs them all with the tenants listed in the key store.
 */
public interface TenantPurge {

  /**
   * Deletes, through the schema owner's connection, the module's tenants among {@code tenants} and
   * what hangs off them, as a live deletion would; answers how many tenants it deleted.
   */
  int purge(Connection owner, Set<UUID> tenants) throws SQLException;
}
