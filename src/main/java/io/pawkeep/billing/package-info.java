/**
 * Billing (PAY-2): invoices of completed bookings, numbered without gaps per business, their states
 * guarded in the database, and the Idempotency-Key store of money POSTs. Bookings and services are
 * read only through the database's functions, so this module names no other module's table.
 */
@ApplicationModule(
    displayName = "Billing",
    allowedDependencies = {"audit", "businesses", "database", "households", "security", "web"})
package io.pawkeep.billing;

import org.springframework.modulith.ApplicationModule;
