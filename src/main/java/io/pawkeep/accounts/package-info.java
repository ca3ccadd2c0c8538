/** User accounts: registration, login, passwords, second factor, password reset and sessions. */
@ApplicationModule(
    displayName = "Accounts",
    allowedDependencies = {"audit", "crypto", "database", "mail", "security", "tenancy", "web"})
package io.pawkeep.accounts;

import org.springframework.modulith.ApplicationModule;
