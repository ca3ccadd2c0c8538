package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import io.pawkeep.testing.ApiClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Refund, dispute and failed-payment events of the Connect webhook (PAY-3): refunds made in
 * Stripe's Dashboard, events before the payment they refund, replays, chargebacks.
 */
class RefundEventTests extends RefundTestSupport {

  @Test
  void aRefundMadeInStripesDashboardIsCountedByItsPaymentOnTheEventsOwnAccountOnce() {
    World w = world();
    Paid paid = paid(w, 2500);
    String event = StripeTestSupport.unique("evt_");
    String body =
        refundEvent(
            event,
            "refund.created",
            paid.account(),
            "re_test_dashboard",
            paid.payment(),
            1000,
            "succeeded",
            null,
            0);

    ApiClient.Response first = deliverConnect(body);
    ApiClient.Response replay = deliverConnect(body);
    String updated = StripeTestSupport.unique("evt_");
    deliverConnect(
        refundEvent(
            updated,
            "refund.updated",
            paid.account(),
            "re_test_dashboard",
            paid.payment(),
            1000,
            "succeeded",
            null,
            1));

    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("applied");
    assertThat(outcome(updated)).isEqualTo("applied");
    assertThat(money(paid.invoice()))
        .containsEntry("state", "partially_refunded")
        .containsEntry("refunded_minor", 1000L);
    // Now only 1500 is left to refund through the API.
    assertThat(refund(w.manager(), paid.invoice(), refundBody(1501, "EUR")).status())
        .isEqualTo(422);
  }

  @Test
  void aRefundEventOfAnotherAccountOrAnUnknownAccountChangesNothing() {
    World w = world();
    Paid paid = paid(w, 2500);
    World other = world();
    String otherAccount = connected(other);
    String[][] cases = {
      {otherAccount, "ignored:mismatch"},
      {StripeTestSupport.unique("acct_"), "ignored:unknown-account"}
    };
    for (String[] c : cases) {
      String event = StripeTestSupport.unique("evt_");
      ApiClient.Response r =
          deliverConnect(
              refundEvent(
                  event,
                  "refund.created",
                  c[0],
                  StripeTestSupport.unique("re_"),
                  paid.payment(),
                  2500,
                  "succeeded",
                  null,
                  0));
      assertThat(r.status()).isEqualTo(200);
      assertThat(outcome(event)).isEqualTo(c[1]);
    }
    assertThat(money(paid.invoice()))
        .containsEntry("state", "paid")
        .containsEntry("refunded_minor", 0L);
  }

  @Test
  void aRefundEventBeforeItsPaymentIsKeptAndCountedWhenThePaymentArrives() {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 2500);
    String session = "cs_test_" + invoice.replace("-", "");
    stripeCreatesSession(session);
    assertThat(checkout(w.family(), invoice).status()).isEqualTo(200);
    String payment = "pi_test_" + invoice.replace("-", "");
    String early = StripeTestSupport.unique("evt_");

    deliverConnect(
        refundEvent(
            early,
            "refund.updated",
            account,
            "re_test_early",
            payment,
            2500,
            "succeeded",
            null,
            0));
    assertThat(outcome(early)).isEqualTo("applied:kept");
    assertThat(money(invoice)).containsEntry("state", "open");
    String completed = StripeTestSupport.unique("evt_");
    deliverConnect(
        sessionEvent(
            completed,
            "checkout.session.completed",
            account,
            session,
            "paid",
            2500,
            "eur",
            invoice));

    assertThat(outcome(completed)).isEqualTo("applied");
    assertThat(money(invoice))
        .containsEntry("state", "refunded")
        .containsEntry("paid_minor", 2500L)
        .containsEntry("refunded_minor", 2500L);
  }

  @Test
  void aPendingRefundThatFailsFreesItsAmountAndAnOlderEventDoesNotUndoANewerOne() {
    World w = world();
    Paid paid = paid(w, 2500);
    stripeRefunds("re_test_pending", "pending");
    assertThat(refund(w.manager(), paid.invoice(), refundBody(2500, "EUR")).status())
        .isEqualTo(201);
    String failed = StripeTestSupport.unique("evt_");
    String stale = StripeTestSupport.unique("evt_");

    deliverConnect(
        refundEvent(
            failed,
            "refund.failed",
            paid.account(),
            "re_test_pending",
            paid.payment(),
            2500,
            "failed",
            refundRowId(paid.invoice(), 1),
            5));
    deliverConnect(
        refundEvent(
            stale,
            "refund.updated",
            paid.account(),
            "re_test_pending",
            paid.payment(),
            2500,
            "succeeded",
            refundRowId(paid.invoice(), 1),
            1));

    assertThat(outcome(failed)).isEqualTo("applied");
    assertThat(outcome(stale)).isEqualTo("ignored:stale");
    assertThat(money(paid.invoice())).containsEntry("state", "paid");
    stripeRefunds("re_test_again", "succeeded");
    assertThat(refund(w.manager(), paid.invoice(), refundBody(2500, "EUR")).status())
        .isEqualTo(201);
    assertThat(money(paid.invoice())).containsEntry("state", "refunded");
  }

  @Test
  void chargeRefundedIsRecordedAndCountsNothingOnItsOwn() {
    World w = world();
    Paid paid = paid(w, 2500);
    String event = StripeTestSupport.unique("evt_");
    String body =
        """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"charge.refunded","account":"%s","pending_webhooks":1,
         "data":{"object":{"id":"ch_1","object":"charge","payment_intent":"%s","amount":2500,
           "amount_refunded":2500,"refunded":true,"currency":"eur"}}}"""
            .formatted(
                event,
                Stripe.API_VERSION,
                clock.instant().getEpochSecond(),
                paid.account(),
                paid.payment());

    assertThat(deliverConnect(body).status()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("ignored:counted-by-refund");
    assertThat(money(paid.invoice())).containsEntry("state", "paid");
  }

  @Test
  void aDisputeMarksTheInvoiceAndOnlyALostOneTakesTheMoneyBack() {
    World w = world();
    String account = connected(w);
    Paid won = paid(w, account, 2500);
    Paid lost = paid(w, account, 1200);

    String opened = StripeTestSupport.unique("evt_");
    deliverConnect(
        dispute(opened, "charge.dispute.created", account, "dp_won", won, "needs_response"));
    assertThat(outcome(opened)).isEqualTo("applied");
    assertThat(money(won.invoice())).containsEntry("dispute", "open");
    String closedWon = StripeTestSupport.unique("evt_");
    String closedWonBody =
        dispute(closedWon, "charge.dispute.closed", account, "dp_won", won, "won");
    deliverConnect(closedWonBody);
    deliverConnect(closedWonBody);
    deliverConnect(
        dispute(
            StripeTestSupport.unique("evt_"),
            "charge.dispute.created",
            account,
            "dp_lost",
            lost,
            "needs_response"));
    String closedLost = StripeTestSupport.unique("evt_");
    String closedLostBody =
        dispute(closedLost, "charge.dispute.closed", account, "dp_lost", lost, "lost");
    deliverConnect(closedLostBody);
    deliverConnect(closedLostBody);
    deliverConnect(
        dispute(
            StripeTestSupport.unique("evt_"),
            "charge.dispute.closed",
            account,
            "dp_lost",
            lost,
            "lost"));

    assertThat(money(won.invoice()))
        .containsEntry("dispute", "won")
        .containsEntry("state", "paid")
        .containsEntry("refunded_minor", 0L);
    assertThat(money(lost.invoice()))
        .containsEntry("dispute", "lost")
        .containsEntry("state", "refunded")
        .containsEntry("refunded_minor", 1200L);
    assertThat(
            ownerCount(
                "select count(*) from audit_events where target_id = ? and action in"
                    + " ('invoice.dispute_open', 'invoice.dispute_won')",
                won.invoice()))
        .isEqualTo(4);
    // An unknown payment's dispute is recorded and ignored.
    String unknown = StripeTestSupport.unique("evt_");
    deliverConnect(
        dispute(
            unknown,
            "charge.dispute.created",
            account,
            "dp_other",
            new Paid(won.invoice(), account, "pi_unknown"),
            "needs_response"));
    assertThat(outcome(unknown)).isEqualTo("ignored:unknown-payment");
  }

  @Test
  void aFailedDelayedPaymentLetsTheHouseholdStartANewAttempt() {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 2500);
    stripeCreatesSession("cs_test_delayed");
    assertThat(checkout(w.family(), invoice).status()).isEqualTo(200);
    String event = StripeTestSupport.unique("evt_");

    deliverConnect(
        sessionEvent(
            event,
            "checkout.session.async_payment_failed",
            account,
            "cs_test_delayed",
            "unpaid",
            2500,
            "eur",
            invoice));
    stripeCreatesSession("cs_test_retry");
    ApiClient.Response again = checkout(w.family(), invoice);

    assertThat(outcome(event)).isEqualTo("applied");
    assertThat(
            ownerCount(
                "select count(*) from checkout_attempts where invoice_id = ? and state = 'failed'",
                UUID.fromString(invoice)))
        .isEqualTo(1);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(
            STRIPE
                .findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")))
                .getLast()
                .getHeader("Idempotency-Key"))
        .isEqualTo("checkout:" + invoice + ":2");
    assertThat(money(invoice)).containsEntry("state", "open");
  }

  private String dispute(
      String eventId, String type, String account, String dispute, Paid paid, String status) {
    long amount =
        ownerCount(
            "select coalesce(max(paid_minor), 0) from invoices where id = ?",
            UUID.fromString(paid.invoice()));
    return """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"%s","account":"%s","pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"dispute","amount":%d,"currency":"eur",
           "payment_intent":"%s","charge":"ch_1","status":"%s","reason":"fraudulent"}}}"""
        .formatted(
            eventId,
            Stripe.API_VERSION,
            clock.instant().getEpochSecond(),
            type,
            account,
            dispute,
            amount,
            paid.payment(),
            status);
  }
}
