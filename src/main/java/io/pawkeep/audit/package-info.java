/** LOG-1: the append-only, hash-chained audit trail, its signed checkpoints and its verifier. */
@ApplicationModule(
    displayName = "Audit trail",
    allowedDependencies = {"database", "security", "web"})
package io.pawkeep.audit;

import org.springframework.modulith.ApplicationModule;
