/**
 * Encrypted backups and their restore (AVAIL-1): one consistent snapshot of every table, copied
 * with PostgreSQL's {@code COPY} as the schema owner, written as one file sealed with the backup
 * key (Tink Streaming AEAD) with its manifest inside; restored only into an empty database,
 * verified against that manifest, then migrated to the newest schema. Kept in a local folder or,
 * with {@code pawkeep.backup.store=object-store}, in the documents' object store under {@code
 * backups/}.
 */
@ApplicationModule(
    displayName = "Backups",
    allowedDependencies = {"crypto", "database", "documents", "security"})
package io.pawkeep.backup;

import org.springframework.modulith.ApplicationModule;
