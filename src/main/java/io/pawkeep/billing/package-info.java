/**
 * Billing (PAY-1, PAY-2, PAY-3): invoices of completed bookings, numbered without gaps per
 * business, their states guarded in the database, the Idempotency-Key store of money POSTs, and
 * payments and payouts through Stripe Connect. Each business connects its own Stripe account;
 * Pawkeep keeps only Stripe's ids and the account's state, never a card, an onboarding link or a
 * key, and learns what happened at Stripe only from webhook events whose signature it verified.
 * Bookings and services are read only through the database's functions, so this module names no
 * other module's table.
 */
@ApplicationModule(
    displayName = "Billing",
    allowedDependencies = {
      "audit",
      "bookings",
      "businesses",
      "database",
      "households",
      "security",
      "web"
    })
package io.pawkeep.billing;

import org.springframework.modulith.ApplicationModule;
