package io.pawkeep.backup;

import io.pawkeep.crypto.ShreddedTenants;
import io.pawkeep.database.AfterRecovery;
import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Every restore of a backup, and every point-in-time recovery, deletes the households and
 * businesses destroyed since the time it brings back (CRYPTO-3): their keys are gone from the key
 * store, and their rows must not come back either. First of the steps, so a mask never makes new
 * keys for them.
 */
@Component
@Order(0)
class PurgeShreddedTenants implements RestoreStep, AfterRecovery {

  private final ShreddedTenants shredded;

  PurgeShreddedTenants(ShreddedTenants shredded) {
    this.shredded = shredded;
  }

  @Override
  public void afterRestore(Connection owner) throws SQLException {
    shredded.purgeFrom(owner);
  }

  @Override
  public void afterRecovery(Connection owner) throws SQLException {
    shredded.purgeFrom(owner);
  }
}
