package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Checkout never holds the invoice's lock while Stripe answers (PAY-2): the attempt is reserved and
 * committed first, so a slow Stripe does not stall everyone else who works on the invoice.
 */
class CheckoutLockTests extends CheckoutTestSupport {

  @Test
  void theInvoiceIsNotLockedWhileStripeCreatesTheSession() throws Exception {
    World w = world();
    connected(w);
    String invoice = openInvoice(w, 2500);
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(
                aResponse()
                    .withFixedDelay(5000)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"cs_test_slow\",\"object\":\"checkout.session\","
                            + "\"status\":\"open\",\"url\":\"https://checkout.stripe.com/c/pay/"
                            + "cs_test_slow\"}")));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ApiClient.Response> paying = pool.submit(() -> checkout(w.family(), invoice));
      long deadline = System.currentTimeMillis() + 10_000;
      // Stripe has the request (and is slow to answer) before the invoice is voided.
      while (STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))).isEmpty()
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      long started = System.nanoTime();
      ApiClient.Response voided = voidInvoice(w.manager(), invoice);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(voided.status()).as(voided.raw()).isEqualTo(200);
      assertThat(took).as("voiding waited for Stripe").isLessThan(Duration.ofMillis(2500));
      assertThat(paying.get().status()).isEqualTo(200);
    } finally {
      pool.shutdown();
    }
  }
}
