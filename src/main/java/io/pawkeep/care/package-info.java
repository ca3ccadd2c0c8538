/** The care log: what assigned staff did during a booking, synced from phones offline (DOM-6). */
@ApplicationModule(
    displayName = "Care log",
    allowedDependencies = {"audit", "bookings", "businesses", "security", "web"})
package io.pawkeep.care;

import org.springframework.modulith.ApplicationModule;
