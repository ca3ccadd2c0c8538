package io.pawkeep.backup;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work every restore does once a backup's rows are loaded and its manifest verified, before the
 * database is migrated past the backup's version: for example, purging the tenants shredded since
 * the backup was taken (CRYPTO-3). It runs in the restore's own transaction on {@code owner} (do
 * not commit or close it); an exception undoes the whole load. Steps run while the application
 * starts, before its connection pool exists, so they must not depend on it.
 */
public interface RestoreStep {

  void afterRestore(Connection owner) throws SQLException;
}
