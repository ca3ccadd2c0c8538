/** Operator endpoints for platform administrators. */
@ApplicationModule(
    displayName = "Platform administration",
    allowedDependencies = {"accounts", "security"})
package io.pawkeep.admin;

import org.springframework.modulith.ApplicationModule;
