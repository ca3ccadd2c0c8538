package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A payment that arrives for an invoice already settled (PAY-2): recorded, never added to the
 * invoice's money, flagged for billing readers as to be refunded, audited, and refundable.
 */
class OverpaymentTests extends RefundTestSupport {

  @Test
  void aSecondPaymentOnAPaidInvoiceIsFlaggedNotAddedAndBillingWriteRefundsIt() {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 2500);
    String session = "cs_test_" + invoice.replace("-", "");
    stripeCreatesSession(session);
    assertThat(checkout(w.family(), invoice).status()).isEqualTo(200);
    // The invoice was settled meanwhile by another payment.
    assertThat(recordPayment(w.business(), invoice, 2500, "EUR")).isEqualTo("applied");
    String event = StripeTestSupport.unique("evt_");

    deliverConnect(
        sessionEvent(
            event, "checkout.session.completed", account, session, "paid", 2500, "eur", invoice));

    assertThat(money(invoice))
        .containsEntry("state", "paid")
        .containsEntry("paid_minor", 2500L)
        .containsEntry("overpaid_minor", 2500L);
    ApiClient.Response seen = api.get("/api/v1/invoices/" + invoice, accountant(w).accessToken());
    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.json().get("overpaidMinor").asLong()).isEqualTo(2500L);
    assertThat(
            ownerCount(
                "select count(*) from audit_events where target_id = ? and action ="
                    + " 'invoice.overpaid'",
                invoice))
        .isEqualTo(2);

    String payment = "pi_test_" + invoice.replace("-", "");
    stripeRefunds("re_test_overpaid", "succeeded");
    Map<String, Object> body = refundBody(2500, "EUR");
    body.put("paymentIntentId", payment);
    ApiClient.Response r = refund(w.manager(), invoice, body);

    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    List<LoggedRequest> sent = STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/refunds")));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getHeader("Stripe-Account")).isEqualTo(account);
    assertThat(StripeTestSupport.form(sent.get(0).getBodyAsString()))
        .containsEntry("payment_intent", payment)
        .containsEntry("amount", "2500");
    assertThat(money(invoice))
        .containsEntry("state", "paid")
        .containsEntry("paid_minor", 2500L)
        .containsEntry("refunded_minor", 0L)
        .containsEntry("overpaid_minor", 0L);
  }

  @Test
  void aPaymentOfAVoidedInvoicesOpenSessionIsFlaggedToBeRefunded() {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 900);
    String session = "cs_test_" + invoice.replace("-", "");
    stripeCreatesSession(session);
    assertThat(checkout(w.family(), invoice).status()).isEqualTo(200);
    assertThat(voidInvoice(w.manager(), invoice).status()).isEqualTo(200);

    deliverConnect(
        sessionEvent(
            StripeTestSupport.unique("evt_"),
            "checkout.session.completed",
            account,
            session,
            "paid",
            900,
            "eur",
            invoice));

    assertThat(money(invoice))
        .containsEntry("state", "void")
        .containsEntry("paid_minor", 0L)
        .containsEntry("overpaid_minor", 900L);
    // Without naming the payment, a void invoice is not refunded; naming it, it is.
    assertThat(refund(w.manager(), invoice, refundBody(900, "EUR")).status()).isEqualTo(409);
    stripeRefunds("re_test_voided", "succeeded");
    Map<String, Object> body = refundBody(900, "EUR");
    body.put("paymentIntentId", "pi_test_" + invoice.replace("-", ""));
    assertThat(refund(w.owner(), invoice, body).status()).isEqualTo(201);
    assertThat(money(invoice)).containsEntry("overpaid_minor", 0L).containsEntry("state", "void");
  }
}
