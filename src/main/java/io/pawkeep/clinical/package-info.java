/**
 * Clinical records written by clinics and read by the pet's household (DOM-2), and controlled
 * substances (DOM-7, DOM-8, AUTHZ-6).
 */
@ApplicationModule(
    displayName = "Clinical records",
    allowedDependencies = {"audit", "businesses", "crypto", "database", "pets", "security", "web"})
package io.pawkeep.clinical;

import org.springframework.modulith.ApplicationModule;
