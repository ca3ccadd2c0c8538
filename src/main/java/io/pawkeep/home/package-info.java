/** The signed-in person's home page in the browser: their households and businesses. */
@ApplicationModule(
    displayName = "Home",
    allowedDependencies = {"businesses", "households", "security", "web"})
package io.pawkeep.home;

import org.springframework.modulith.ApplicationModule;
