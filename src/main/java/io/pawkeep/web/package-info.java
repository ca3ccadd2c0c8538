/** HTTP error handling shared by every module: RFC 9457 problem details. */
@ApplicationModule(
    displayName = "Web",
    allowedDependencies = {"tenancy"})
package io.pawkeep.web;

import org.springframework.modulith.ApplicationModule;
