package io.pawkeep.crypto;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
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

  ShreddedTenants(TenantKeyStore keyStore) {
    this.keyStore = keyStore;
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
   * household and business and what hangs off them (the same cascade as a live deletion), and their
   * keyset rows. A business that records kept by law still reference (controlled-substance log,
   * payments) keeps its row, without keys: it is logged. Answers how many households and businesses
   * were deleted.
   */
  public int purgeFrom(Connection owner) throws SQLException {
    Set<UUID> tenants = tenants();
    if (tenants.isEmpty()) {
      return 0;
    }
    Array ids = owner.createArrayOf("uuid", tenants.toArray());
    int deleted;
    try {
      update(owner, "delete from tenant_data_keys where tenant_id = any (?)", ids);
      deleted = update(owner, "delete from households where id = any (?)", ids);
      for (UUID business : businesses(owner, ids)) {
        deleted += deleteBusiness(owner, business);
      }
    } finally {
      ids.free();
    }
    if (deleted > 0) {
      log.info(
          "Purged {} destroyed household(s) and business(es) from a restored database", deleted);
    }
    return deleted;
  }

  private static List<UUID> businesses(Connection owner, Array ids) throws SQLException {
    List<UUID> found = new ArrayList<>();
    try (PreparedStatement select =
        owner.prepareStatement("select id from businesses where id = any (?)")) {
      select.setArray(1, ids);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getObject(1, UUID.class));
        }
      }
    }
    return found;
  }

  private static int deleteBusiness(Connection owner, UUID business) throws SQLException {
    Savepoint before = owner.getAutoCommit() ? null : owner.setSavepoint();
    try (PreparedStatement delete = owner.prepareStatement("delete from businesses where id = ?")) {
      delete.setObject(1, business);
      return delete.executeUpdate();
    } catch (SQLException referenced) {
      if (before != null) {
        owner.rollback(before);
      }
      log.warn(
          "Business {} keeps its row in the restored database: records kept by law refer to it",
          business);
      return 0;
    }
  }

  private static int update(Connection owner, String sql, Array ids) throws SQLException {
    try (PreparedStatement statement = owner.prepareStatement(sql)) {
      statement.setArray(1, ids);
      return statement.executeUpdate();
    }
  }
}
