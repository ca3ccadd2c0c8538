/** Field encryption: per-tenant data keys wrapped by the master key, rotation, shredding. */
@ApplicationModule(
    displayName = "Field encryption",
    allowedDependencies = {"database", "security", "web"})
package io.pawkeep.crypto;

import org.springframework.modulith.ApplicationModule;
