/**
 * The walker's visit app (DOM-6, AVAIL-3): an installable shell that works offline, and the JSON
 * routes it reads and writes on the browser session: today's assigned visits, a CSRF token, the
 * care log's sync, the upload of a visit's photos and the reveal of a household's access secrets.
 */
@ApplicationModule(
    displayName = "Visit app",
    allowedDependencies = {
      "accounts",
      "bookings",
      "businesses",
      "care",
      "documents",
      "households",
      "pets",
      "security",
      "web"
    })
package io.pawkeep.visits;

import org.springframework.modulith.ApplicationModule;
