package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.stripe.Stripe;
import io.pawkeep.testing.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A paid invoice (through Checkout and its verified event), and Stripe's refunds, faked. */
abstract class RefundTestSupport extends CheckoutTestSupport {

  /** An invoice paid through Stripe: its id, the business's account and the payment's pi_ id. */
  record Paid(String invoice, String account, String payment) {}

  Paid paid(World w, long amount) {
    String account = connected(w);
    return paid(w, account, amount);
  }

  Paid paid(World w, String account, long amount) {
    String invoice = openInvoice(w, amount);
    String session = "cs_test_" + invoice.replace("-", "");
    stripeCreatesSession(session);
    assertThat(checkout(w.family(), invoice).status()).isEqualTo(200);
    ApiClient.Response r =
        deliverConnect(
            sessionEvent(
                StripeTestSupport.unique("evt_"),
                "checkout.session.completed",
                account,
                session,
                "paid",
                amount,
                "eur",
                invoice));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(invoiceRow(invoice)).containsEntry("state", "paid");
    return new Paid(invoice, account, "pi_test_" + invoice.replace("-", ""));
  }

  /** The fake answers every refund with {@code refund} in {@code status}. */
  static void stripeRefunds(String refund, String status) {
    stripeRefunds(STRIPE, refund, status);
  }

  /** {@code stripe} answers every refund with {@code refund} in {@code status}. */
  static void stripeRefunds(WireMockServer stripe, String refund, String status) {
    stripe.stubFor(
        post(urlPathEqualTo("/v1/refunds"))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","object":"refund","status":"%s","amount":1,"currency":"eur"}"""
                        .formatted(refund, status))));
  }

  /** The fake fails every refund with a 500 that forbids a retry: Pawkeep never hears back. */
  static void stripeRefundsGoUnanswered() {
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/refunds"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Stripe-Should-Retry", "false")
                    .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}")));
  }

  /** The fake refuses every refund, as Stripe does a charge already refunded. */
  static void stripeRefusesRefunds() {
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/refunds"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error":{"type":"invalid_request_error",
                         "code":"charge_already_refunded","message":"no"}}""")));
  }

  ApiClient.Response refund(User caller, String invoice, Map<String, Object> body) {
    return api.post("/api/v1/invoices/" + invoice + "/refunds", body, caller.accessToken());
  }

  ApiClient.Response refund(User caller, String invoice, Map<String, Object> body, String key) {
    return api.send(
        "POST",
        "/api/v1/invoices/" + invoice + "/refunds",
        body,
        caller.accessToken(),
        Map.of(InvoiceController.IDEMPOTENCY_KEY, key));
  }

  static Map<String, Object> refundBody(long amount, String currency) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("amountMinor", amount);
    body.put("currency", currency);
    return body;
  }

  /** A refund.* event of the Connect endpoint at the test clock's now (+ {@code later} s). */
  String refundEvent(
      String eventId,
      String type,
      String account,
      String refund,
      String payment,
      long amount,
      String status,
      String pawkeepRefund,
      long later) {
    String metadata =
        pawkeepRefund == null ? "{}" : "{\"pawkeep_refund_id\":\"" + pawkeepRefund + "\"}";
    return """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"%s","account":"%s","pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"refund","amount":%d,"currency":"eur",
           "payment_intent":"%s","charge":"ch_1","status":"%s","metadata":%s}}}"""
        .formatted(
            eventId,
            Stripe.API_VERSION,
            clock.instant().getEpochSecond() + later,
            type,
            account,
            refund,
            amount,
            payment,
            status,
            metadata);
  }

  Map<String, Object> money(String invoice) {
    return schemaOwner
        .jdbc()
        .sql(
            "select state, paid_minor, refunded_minor, overpaid_minor, dispute from invoices"
                + " where id = ?")
        .params(UUID.fromString(invoice))
        .query()
        .singleRow();
  }

  /** Pawkeep's id of the invoice's refund number {@code n}, as the database derives it. */
  String refundRowId(String invoice, int n) {
    return schemaOwner
        .jdbc()
        .sql("select md5('refund:' || ? || ':' || ?)::uuid::text")
        .params(invoice, n)
        .query(String.class)
        .single();
  }
}
