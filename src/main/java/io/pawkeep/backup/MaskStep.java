package io.pawkeep.backup;

import io.pawkeep.crypto.DevelopmentKeys;
import io.pawkeep.crypto.EncryptedColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * With {@code --pawkeep.backup.mask=<file>}, the last step of the restore (PRIV-3): masks the rows
 * in the restore's own transaction, after the shredded tenants are purged, so an unmasked row is
 * never committed: a failing mask undoes the whole load.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnProperty(name = "pawkeep.backup.mask")
class MaskStep implements RestoreStep {

  private final DevelopmentKeys keys;
  private final List<EncryptedColumns> columns;
  private Masking.Report report;

  MaskStep(DevelopmentKeys keys, List<EncryptedColumns> columns) {
    this.keys = keys;
    this.columns = columns;
  }

  @Override
  public void afterRestore(Connection owner) throws SQLException {
    report = new Masking(keys, columns).apply(owner);
  }

  /** What the mask did, or null when it has not run. */
  Masking.Report report() {
    return report;
  }
}
