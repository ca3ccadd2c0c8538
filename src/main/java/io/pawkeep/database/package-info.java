/**
 * Database bootstrap: the embedded PostgreSQL for development, connection pools and migrations run
 * as the schema owner.
 */
package io.pawkeep.database;
