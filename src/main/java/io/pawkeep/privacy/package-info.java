/** Privacy: a household's portable export (PRIV-1) and breach reports (PRIV-4). */
@ApplicationModule(
    displayName = "Privacy",
    allowedDependencies = {
      "accounts",
      "audit",
      "clinical",
      "database",
      "households",
      "pets",
      "security",
      "watch",
      "web"
    })
package io.pawkeep.privacy;

import org.springframework.modulith.ApplicationModule;
