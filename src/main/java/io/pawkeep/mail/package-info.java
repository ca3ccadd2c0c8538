/** Outgoing mail: files in development, SMTP in production. */
@ApplicationModule(
    displayName = "Mail",
    allowedDependencies = {"security"})
package io.pawkeep.mail;

import org.springframework.modulith.ApplicationModule;
