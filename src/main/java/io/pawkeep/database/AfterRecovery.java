package io.pawkeep.database;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work every point-in-time recovery does on the recovered database before anyone starts on it: for
 * example, purging the tenants destroyed after the recovery target (CRYPTO-3), whose rows the
 * replayed WAL brought back. It runs in one transaction on a superuser connection to the
 * application's database (do not commit or close it); an exception leaves the folder unusable and
 * says so.
 */
public interface AfterRecovery {

  void afterRecovery(Connection owner) throws SQLException;
}
