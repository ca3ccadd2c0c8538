/** Operator endpoints and pages for platform administrators (pages use web/ApiProblem). */
@ApplicationModule(
    displayName = "Platform administration",
    allowedDependencies = {"accounts", "security", "web"})
package io.pawkeep.admin;

import org.springframework.modulith.ApplicationModule;
