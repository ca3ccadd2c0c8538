package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Without a Stripe key (the development default) payments are off: the payout routes and the
 * webhooks answer a problem that says so, after the same access checks as ever.
 */
class PaymentsOffTests extends ApiTestSupport {

  @Test
  void withoutAStripeKeyThePayoutRoutesSayPaymentsAreNotSetUp() {
    User owner = withSecondFactor("off-owner");
    String business = createBusiness(owner, "care_company", "Unpaid Walkers");

    ApiClient.Response state =
        api.get("/api/v1/businesses/" + business + "/payouts", owner.accessToken());
    ApiClient.Response onboarding =
        api.post(
            "/api/v1/businesses/" + business + "/payouts/onboarding", null, owner.accessToken());
    ApiClient.Response hook =
        api.send(
            "POST",
            "/api/v1/webhooks/stripe/connect",
            "{}",
            null,
            java.util.Map.of("Stripe-Signature", "t=1,v1=00"));

    for (ApiClient.Response r : new ApiClient.Response[] {state, onboarding, hook}) {
      assertThat(r.status()).as(r.raw()).isEqualTo(503);
      assertThat(r.text("type")).endsWith("payments-not-set-up");
      assertThat(r.text("detail")).contains("Payments are not set up");
    }
  }

  @Test
  void withoutAStripeKeyAnOutsiderStillGets404() {
    User owner = withSecondFactor("off-boss");
    String business = createBusiness(owner, "care_company", "Hidden Walkers");
    User stranger = signedInUser("off-stranger");

    assertThat(
            api.get("/api/v1/businesses/" + business + "/payouts", stranger.accessToken()).status())
        .isEqualTo(404);
  }

  @Test
  void withoutAStripeKeyCheckoutSaysPaymentsAreNotSetUpAndWritesNothing() {
    User family = signedInUser("off-family");

    ApiClient.Response r =
        api.post(
            "/api/v1/invoices/" + java.util.UUID.randomUUID() + "/checkout",
            null,
            family.accessToken());

    assertThat(r.status()).as(r.raw()).isEqualTo(503);
    assertThat(r.text("type")).endsWith("payments-not-set-up");
  }
}
