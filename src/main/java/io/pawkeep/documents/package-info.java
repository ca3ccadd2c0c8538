/**
 * Documents and photos (FILE-1, FILE-2, FILE-3): checked uploads, encrypted object storage, their
 * metadata under row-level security, the bin and its purge. The service reads the tables of pets,
 * households, bookings and businesses in SQL only; the document pages use the pets', households'
 * and businesses' facades for names and roles, so those modules' pages only link here (never call
 * this module), which keeps the graph free of cycles.
 */
@ApplicationModule(
    displayName = "Documents",
    allowedDependencies = {
      "audit",
      "businesses",
      "crypto",
      "database",
      "households",
      "pets",
      "security",
      "web"
    })
package io.pawkeep.documents;

import org.springframework.modulith.ApplicationModule;
