package io.pawkeep.database;

import javax.sql.DataSource;

/**
 * Work that must reach the database before the application migrates it at start-up: restoring a
 * backup into an empty database (AVAIL-1), which first migrates it only to the backup's version.
 * Implementations get the owner's connections and must not need the application's pool, which is
 * built right after them.
 */
public interface BeforeMigrations {

  void prepare(DataSource owner, String applicationRole) throws Exception;
}
