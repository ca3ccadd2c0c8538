package io.pawkeep.billing;

import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Payouts through Stripe Connect (PAY-1). Checks live in {@link Payouts}. */
@RestController
class PayoutController {

  private final Payouts payouts;
  private final CurrentUser currentUser;

  PayoutController(Payouts payouts, CurrentUser currentUser) {
    this.payouts = payouts;
    this.currentUser = currentUser;
  }

  @Operation(summary = "The business's Stripe account state (payouts.manage or billing.read)")
  @GetMapping("/api/v1/businesses/{id}/payouts")
  Payouts.PayoutState state(@PathVariable UUID id) {
    return payouts.state(currentUser.userId(), id);
  }

  @Operation(
      summary =
          "Connect the business's Stripe account, or continue its onboarding: answers a single-use"
              + " link to Stripe (owners or payouts.manage)")
  @PostMapping("/api/v1/businesses/{id}/payouts/onboarding")
  ResponseEntity<Payouts.Onboarding> onboarding(@PathVariable UUID id) {
    // The link lets whoever holds it fill in the business's payout details: never cached.
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(payouts.startOnboarding(currentUser.userId(), id));
  }
}
