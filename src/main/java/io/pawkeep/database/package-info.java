/**
 * Database bootstrap: the embedded PostgreSQL for development, connection pools and migrations run
 * as the schema owner.
 */
@ApplicationModule(
    displayName = "Database",
    allowedDependencies = {"security"})
package io.pawkeep.database;

import org.springframework.modulith.ApplicationModule;
