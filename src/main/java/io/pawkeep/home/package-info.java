/**
 * The signed-in person's home page in the browser, led by what each of their roles has today: their
 * households' bookings and households, their assignments and businesses, their clinics, the
 * operator's tools.
 */
@ApplicationModule(
    displayName = "Home",
    allowedDependencies = {"accounts", "bookings", "businesses", "households", "security", "web"})
package io.pawkeep.home;

import org.springframework.modulith.ApplicationModule;
