package io.pawkeep.billing;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.billing.PayoutRepository.StoredAccount;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.web.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A business's payouts through Stripe Connect (PAY-1): its owner, or staff holding payouts.manage,
 * connects a Standard Stripe account; staff holding billing.read see its state too. Anyone not on
 * the staff gets 404, like a business that does not exist.
 */
@Service
class Payouts {

  /** The account's state as the webhooks last reported it; no link, no key. */
  record PayoutState(
      boolean paymentsEnabled,
      boolean connected,
      String accountId,
      boolean detailsSubmitted,
      boolean chargesEnabled,
      boolean payoutsEnabled,
      List<String> requirementsDue,
      String disabledReason,
      boolean disconnected) {}

  /** Where to send the person to onboard: single use, expires within minutes, never stored. */
  record Onboarding(String url) {}

  private final Businesses businesses;
  private final PayoutRepository accounts;
  private final StripeGateway stripe;
  private final AuditTrail trail;

  Payouts(
      Businesses businesses, PayoutRepository accounts, StripeGateway stripe, AuditTrail trail) {
    this.businesses = businesses;
    this.accounts = accounts;
    this.stripe = stripe;
    this.trail = trail;
  }

  PayoutState state(UUID caller, UUID businessId) {
    businesses.get(caller, businessId);
    Set<String> permissions = businesses.permissionsOf(caller, businessId);
    if (!permissions.contains("payouts.manage") && !permissions.contains("billing.read")) {
      throw ApiProblem.forbidden("Seeing payouts needs payouts.manage or billing.read.");
    }
    stripe.requireEnabled();
    return accounts
        .find(businessId)
        .map(Payouts::view)
        .orElse(new PayoutState(true, false, null, false, false, false, List.of(), null, false));
  }

  Onboarding startOnboarding(UUID caller, UUID businessId) {
    businesses.requirePermission(caller, businessId, "payouts.manage");
    stripe.requireEnabled();
    StoredAccount stored = accounts.find(businessId).orElse(null);
    if (stored != null && stored.deauthorizedAt() != null) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "payouts-disconnected",
          "Stripe account disconnected",
          "This business's Stripe account disconnected from Pawkeep; contact support to connect"
              + " another.");
    }
    String accountId;
    if (stored == null) {
      accountId = accounts.created(businessId, stripe.createAccount(businessId), stripe.live());
      trail.record(
          new AuditEvent(
              businessId,
              caller,
              "payouts.account_connected",
              "stripe_account",
              accountId,
              null,
              Map.of("livemode", stripe.live())));
    } else {
      accountId = stored.accountId();
    }
    return new Onboarding(stripe.onboardingLink(accountId, businessId));
  }

  private static PayoutState view(StoredAccount a) {
    return new PayoutState(
        true,
        true,
        a.accountId(),
        a.detailsSubmitted(),
        a.chargesEnabled(),
        a.payoutsEnabled(),
        a.requirementsDue(),
        a.disabledReason(),
        a.deauthorizedAt() != null);
  }
}
