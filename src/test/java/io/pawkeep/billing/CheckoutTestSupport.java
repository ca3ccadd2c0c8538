package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.stripe.Stripe;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The invoice world with payments on against the same local fake Stripe as {@link
 * StripeTestSupport} (a 10% platform fee), a connected account taking charges, and Checkout
 * Sessions answered by the fake.
 */
abstract class CheckoutTestSupport extends InvoiceTestSupport implements StripeFake {

  static final WireMockServer STRIPE = StripeTestSupport.STRIPE;

  @BeforeEach
  void resetStripe() {
    STRIPE.resetAll();
  }

  /** The business's connected account, taking charges (as after its account.updated event). */
  String connected(World w) {
    return connected(schemaOwner, w.business());
  }

  /** The same, for tests on another base class (the billing pages). */
  static String connected(OwnerDatabase schemaOwner, String business) {
    String account = StripeTestSupport.unique("acct_");
    schemaOwner
        .jdbc()
        .sql(
            "insert into stripe_accounts (business_id, account_id, livemode, details_submitted,"
                + " charges_enabled, payouts_enabled, created_at, created_by)"
                + " values (?, ?, false, true, true, true, now(), ?)")
        .params(UUID.fromString(business), account, UUID.randomUUID())
        .update();
    return account;
  }

  /** The fake creates session {@code session} and reads it back as open. */
  static void stripeCreatesSession(String session) {
    String json =
        """
        {"id":"%s","object":"checkout.session","status":"open","payment_status":"unpaid",
         "url":"https://checkout.stripe.com/c/pay/%s"}"""
            .formatted(session, session);
    STRIPE.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(okJson(json)));
    STRIPE.stubFor(get(urlPathMatching("/v1/checkout/sessions/cs_.*")).willReturn(okJson(json)));
  }

  ApiClient.Response checkout(User caller, String invoice) {
    return api.post("/api/v1/invoices/" + invoice + "/checkout", null, caller.accessToken());
  }

  /** A checkout.session event of the Connect endpoint at the test clock's now. */
  String sessionEvent(
      String eventId,
      String type,
      String account,
      String session,
      String paymentStatus,
      long amount,
      String currency,
      String invoice) {
    return """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"%s","account":"%s","pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"checkout.session","mode":"payment",
           "status":"complete","payment_status":"%s","payment_intent":"pi_%s",
           "amount_total":%d,"currency":"%s","client_reference_id":"%s",
           "metadata":{"pawkeep_invoice_id":"%s"}}}}"""
        .formatted(
            eventId,
            Stripe.API_VERSION,
            clock.instant().getEpochSecond(),
            type,
            account,
            session,
            paymentStatus,
            session.replace("cs_", ""),
            amount,
            currency,
            invoice,
            invoice);
  }

  ApiClient.Response deliverConnect(String body) {
    return deliverConnect(api, clock, body);
  }

  /** A Connect event signed at the test clock's now, for tests on another base class too. */
  static ApiClient.Response deliverConnect(ApiClient api, Clock clock, String body) {
    return api.send(
        "POST",
        "/api/v1/webhooks/stripe/connect",
        body,
        null,
        Map.of(
            "Stripe-Signature",
            StripeTestSupport.sign(
                body, StripeTestSupport.CONNECT_WEBHOOK_SECRET, clock.instant().getEpochSecond())));
  }

  Map<String, Object> invoiceRow(String invoice) {
    return schemaOwner
        .jdbc()
        .sql("select state, paid_minor from invoices where id = ?")
        .params(UUID.fromString(invoice))
        .query()
        .singleRow();
  }

  String outcome(String eventId) {
    return schemaOwner
        .jdbc()
        .sql("select outcome from stripe_events where event_id = ?")
        .params(eventId)
        .query(String.class)
        .single();
  }
}
