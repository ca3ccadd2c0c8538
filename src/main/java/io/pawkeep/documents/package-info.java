/**
 * Documents and photos (FILE-1, FILE-2, FILE-3): checked uploads, encrypted object storage, their
 * metadata under row-level security, the bin and its purge. Reads the tables of pets, households,
 * bookings and businesses in SQL only, so those modules may link here without a cycle.
 */
@ApplicationModule(
    displayName = "Documents",
    allowedDependencies = {"audit", "crypto", "database", "security", "web"})
package io.pawkeep.documents;

import org.springframework.modulith.ApplicationModule;
