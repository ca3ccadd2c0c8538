package io.pawkeep.database;

import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * How Pawkeep's schema is migrated, for the maintenance that migrates a database of its own (a
 * restore migrates an empty database to a backup's version first, then to the newest).
 */
public final class Migrations {

  private Migrations() {}

  /** Flyway as the application configures it: as the owner, the application role a placeholder. */
  public static FluentConfiguration configure(DataSource owner, String applicationRole) {
    return DatabaseConfiguration.migrations(owner, applicationRole);
  }
}
