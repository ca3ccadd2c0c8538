/** Privacy: a household's portable export (PRIV-1); erasure and retention come later. */
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
      "web"
    })
package io.pawkeep.privacy;

import org.springframework.modulith.ApplicationModule;
