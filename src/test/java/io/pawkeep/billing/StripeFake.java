package io.pawkeep.billing;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Payments switched on against the local fake Stripe ({@link StripeTestSupport#STRIPE}) with a 10%
 * platform fee: the one configuration of every test class that talks to the fake (the Stripe, the
 * checkout and refund tests and the billing pages), which implement this interface. Spring keys an
 * application on the {@code @DynamicPropertySource} methods a test class has, so a method of each
 * base class's own, even with the same values, started one application each.
 */
interface StripeFake {

  @DynamicPropertySource
  static void stripe(DynamicPropertyRegistry registry) {
    register(registry, StripeTestSupport.STRIPE);
  }

  /**
   * The settings for the fake {@code stripe}: the browser tests' application has a fake of its own
   * ({@link BillingPagesBrowserTests#STRIPE}), as the browser tests run beside the API tests.
   */
  static void register(DynamicPropertyRegistry registry, WireMockServer stripe) {
    registry.add("pawkeep.stripe.secret-key", () -> StripeTestSupport.SECRET_KEY);
    registry.add("pawkeep.stripe.webhook-secret", () -> StripeTestSupport.WEBHOOK_SECRET);
    registry.add(
        "pawkeep.stripe.connect-webhook-secret", () -> StripeTestSupport.CONNECT_WEBHOOK_SECRET);
    registry.add("pawkeep.stripe.api-base", stripe::baseUrl);
    registry.add("pawkeep.stripe.public-base-url", () -> "https://pawkeep.test");
    registry.add("pawkeep.stripe.platform-fee-percent", () -> "10");
  }
}
