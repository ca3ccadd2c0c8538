/** Services, bookings, their assignment to staff and what assignment lets staff see (AUTHZ-5). */
@ApplicationModule(
    displayName = "Bookings",
    allowedDependencies = {
      "audit",
      "businesses",
      "database",
      "households",
      "pets",
      "security",
      "web"
    })
package io.pawkeep.bookings;

import org.springframework.modulith.ApplicationModule;
