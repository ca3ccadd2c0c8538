/** Access tokens, rate limits, HTTP hardening and the request identity. */
@ApplicationModule(
    displayName = "Security",
    allowedDependencies = {"tenancy", "web"})
package io.pawkeep.security;

import org.springframework.modulith.ApplicationModule;
