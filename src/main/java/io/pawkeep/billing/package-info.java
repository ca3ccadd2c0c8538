/**
 * Billing: payments and payouts through Stripe Connect (PAY-1, PAY-3). Each business connects its
 * own Stripe account; Pawkeep keeps only Stripe's ids and the account's state, never a card, an
 * onboarding link or a key, and learns what happened at Stripe only from webhook events whose
 * signature it verified.
 */
@ApplicationModule(
    displayName = "Billing",
    allowedDependencies = {"audit", "businesses", "security", "web"})
package io.pawkeep.billing;

import org.springframework.modulith.ApplicationModule;
