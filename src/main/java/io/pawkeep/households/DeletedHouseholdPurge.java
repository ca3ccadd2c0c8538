package io.pawkeep.households;

import io.pawkeep.crypto.TenantPurge;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Deletes from a restored database the households deleted after its backup was taken (CRYPTO-3,
 * PRIV-2): the same cascade as a live deletion (members, pets, secrets, keys, bookings...).
 */
@Component
class DeletedHouseholdPurge implements TenantPurge {

  @Override
  public int purge(Connection owner, Set<UUID> tenants) throws SQLException {
    Array ids = owner.createArrayOf("uuid", tenants.toArray());
    try (PreparedStatement delete =
        owner.prepareStatement("delete from households where id = any (?)")) {
      delete.setArray(1, ids);
      return delete.executeUpdate();
    } finally {
      ids.free();
    }
  }
}
