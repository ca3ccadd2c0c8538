package io.pawkeep.businesses;

import io.pawkeep.crypto.TenantPurge;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes from a restored database the businesses whose keys were destroyed after its backup was
 * taken (CRYPTO-3). A business that records kept by law still reference (controlled-substance log,
 * prescriptions, payments) keeps its row, without keys, and is logged by id.
 */
@Component
class DeletedBusinessPurge implements TenantPurge {

  private static final Logger log = LoggerFactory.getLogger(DeletedBusinessPurge.class);

  @Override
  public int purge(Connection owner, Set<UUID> tenants) throws SQLException {
    int deleted = 0;
    for (UUID business : present(owner, tenants)) {
      deleted += delete(owner, business);
    }
    return deleted;
  }

  private static List<UUID> present(Connection owner, Set<UUID> tenants) throws SQLException {
    Array ids = owner.createArrayOf("uuid", tenants.toArray());
    List<UUID> found = new ArrayList<>();
    try (PreparedStatement select =
        owner.prepareStatement("select id from businesses where id = any (?)")) {
      select.setArray(1, ids);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getObject(1, UUID.class));
        }
      }
    } finally {
      ids.free();
    }
    return found;
  }

  private static int delete(Connection owner, UUID business) throws SQLException {
    Savepoint before = owner.getAutoCommit() ? null : owner.setSavepoint();
    try (PreparedStatement delete = owner.prepareStatement("delete from businesses where id = ?")) {
      delete.setObject(1, business);
      return delete.executeUpdate();
    } catch (SQLException referenced) {
      if (before != null) {
        owner.rollback(before);
      }
      log.warn("Business {} keeps its row: records kept by law refer to it", business);
      return 0;
    }
  }
}
