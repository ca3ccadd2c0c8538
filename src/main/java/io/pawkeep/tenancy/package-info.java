/** Per-transaction database identity that row-level security policies read. */
@ApplicationModule(
    displayName = "Tenancy",
    allowedDependencies = {})
package io.pawkeep.tenancy;

import org.springframework.modulith.ApplicationModule;
