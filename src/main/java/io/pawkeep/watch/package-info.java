/**
 * LOG-3: anomaly rules over sign-ins, reveals and exports, and the alerts they raise for the
 * operators (an audit event, a metric and a mail each), listed and closed by operators only.
 */
@ApplicationModule(
    displayName = "Monitoring and alerts",
    allowedDependencies = {"accounts", "audit", "database", "mail", "security", "web"})
package io.pawkeep.watch;

import org.springframework.modulith.ApplicationModule;
