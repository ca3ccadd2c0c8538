/** Businesses, their staff with roles and permissions, and their client households. */
@ApplicationModule(
    displayName = "Businesses",
    allowedDependencies = {"audit", "crypto", "households", "security", "web"})
package io.pawkeep.businesses;

import org.springframework.modulith.ApplicationModule;
