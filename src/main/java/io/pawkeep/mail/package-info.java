/** Outgoing mail: files in development, SMTP in production. */
@ApplicationModule(
    displayName = "Mail",
    allowedDependencies = {})
package io.pawkeep.mail;

import org.springframework.modulith.ApplicationModule;
