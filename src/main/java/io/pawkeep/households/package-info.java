/** Households, their members and invitations. */
@ApplicationModule(
    displayName = "Households",
    allowedDependencies = {"audit", "crypto", "database", "security", "watch", "web"})
package io.pawkeep.households;

import org.springframework.modulith.ApplicationModule;
