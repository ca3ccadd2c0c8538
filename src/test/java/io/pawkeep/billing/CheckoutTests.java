package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Paying an open invoice through Stripe Checkout on the business's connected account (PAY-1, PAY-2,
 * PAY-3): what Pawkeep sends Stripe, that only a verified event for a session Pawkeep made pays the
 * invoice, and the refusals.
 */
class CheckoutTests extends CheckoutTestSupport {

  private static final Set<String> CHECKOUT_FORM =
      Set.of(
          "mode",
          "line_items[0][quantity]",
          "line_items[0][price_data][currency]",
          "line_items[0][price_data][unit_amount]",
          "line_items[0][price_data][product_data][name]",
          "payment_intent_data[application_fee_amount]",
          "payment_intent_data[metadata][pawkeep_invoice_id]",
          "payment_intent_data[metadata][pawkeep_attempt_id]",
          "client_reference_id",
          "metadata[pawkeep_invoice_id]",
          "metadata[pawkeep_attempt_id]",
          "success_url",
          "cancel_url");

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aHouseholdOwnerGetsACheckoutOnTheBusinesssAccountForTheInvoiceTotalAndNothingPersonal(
      CapturedOutput output) {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 2500);
    stripeCreatesSession("cs_test_first");

    ApiClient.Response r = checkout(w.family(), invoice);

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.text("url")).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_first");
    assertThat(r.header("Cache-Control")).contains("no-store");
    List<LoggedRequest> sent =
        STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
    assertThat(sent).hasSize(1);
    LoggedRequest request = sent.get(0);
    assertThat(request.getHeader("Stripe-Account")).isEqualTo(account);
    assertThat(request.getHeader("Idempotency-Key")).isEqualTo("checkout:" + invoice + ":1");
    Map<String, String> form = StripeTestSupport.form(request.getBodyAsString());
    assertThat(form.keySet()).isEqualTo(CHECKOUT_FORM);
    assertThat(form)
        .containsEntry("mode", "payment")
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("line_items[0][price_data][unit_amount]", "2500")
        .containsEntry("line_items[0][price_data][currency]", "eur")
        .containsEntry("line_items[0][price_data][product_data][name]", "Invoice 1")
        .containsEntry("payment_intent_data[application_fee_amount]", "250")
        .containsEntry("client_reference_id", invoice)
        .containsEntry("metadata[pawkeep_invoice_id]", invoice)
        .containsEntry(
            "success_url", "https://pawkeep.test/invoices/" + invoice + "?checkout=returned")
        .containsEntry("cancel_url", "https://pawkeep.test/invoices/" + invoice);
    assertThat(request.getBodyAsString()).doesNotContain("Kennel").doesNotContain("family");
    Map<String, Object> attempt =
        schemaOwner
            .jdbc()
            .sql(
                "select id, session_id, state, amount_minor, fee_minor, currency, account_id"
                    + " from checkout_attempts where invoice_id = ?")
            .params(UUID.fromString(invoice))
            .query()
            .singleRow();
    assertThat(attempt)
        .containsEntry("session_id", "cs_test_first")
        .containsEntry("state", "open")
        .containsEntry("amount_minor", 2500L)
        .containsEntry("fee_minor", 250L)
        .containsEntry("currency", "EUR")
        .containsEntry("account_id", account);
    assertThat(form).containsEntry("metadata[pawkeep_attempt_id]", attempt.get("id").toString());
    // The payment link is handed to the caller only: not logged, not stored.
    assertThat(output.getAll()).doesNotContain("checkout.stripe.com");
    assertThat(
            ownerCount(
                "select count(*) from idempotency_keys where response::text like ?",
                "%checkout.stripe.com%"))
        .isZero();
    // Starting to pay changes nothing on the invoice.
    assertThat(invoiceRow(invoice)).containsEntry("state", "open").containsEntry("paid_minor", 0L);
  }

  @Test
  void aSignedCompletedSessionPaysTheInvoiceOnceAndAReplayChangesNothing() {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 2500);
    checkoutStarted("cs_test_paid", w.familyMember(), invoice);
    String event = StripeTestSupport.unique("evt_");
    String body =
        sessionEvent(
            event,
            "checkout.session.completed",
            account,
            "cs_test_paid",
            "paid",
            2500,
            "eur",
            invoice);

    ApiClient.Response first = deliverConnect(body);
    ApiClient.Response replay = deliverConnect(body);

    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("applied");
    assertThat(invoiceRow(invoice))
        .containsEntry("state", "paid")
        .containsEntry("paid_minor", 2500L);
    assertThat(
            ownerCount(
                "select count(*) from payments where invoice_id = ?", UUID.fromString(invoice)))
        .isEqualTo(1);
    assertThat(
            ownerCount(
                "select count(*) from audit_events where action = 'invoice.paid'"
                    + " and target_id = ?",
                invoice))
        .isEqualTo(2);
    // The same payment delivered under another event id is not counted twice either.
    String again = StripeTestSupport.unique("evt_");
    deliverConnect(
        sessionEvent(
            again,
            "checkout.session.async_payment_succeeded",
            account,
            "cs_test_paid",
            "paid",
            2500,
            "eur",
            invoice));
    assertThat(outcome(again)).isEqualTo("ignored:already-recorded");
    assertThat(invoiceRow(invoice)).containsEntry("paid_minor", 2500L);
  }

  @Test
  void aSessionOfAnotherAccountAmountOrUnknownToPawkeepIsIgnored() {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 2500);
    checkoutStarted("cs_test_guarded", w.family(), invoice);
    String otherAccount = StripeTestSupport.unique("acct_");
    String[][] cases = {
      {otherAccount, "cs_test_guarded", "2500", "eur", "paid", "ignored:mismatch"},
      {account, "cs_test_guarded", "100", "eur", "paid", "ignored:amount"},
      {account, "cs_test_guarded", "2500", "usd", "paid", "ignored:amount"},
      {account, "cs_test_forged", "2500", "eur", "paid", "ignored:unknown-session"},
      {account, "cs_test_guarded", "2500", "eur", "unpaid", "ignored:unpaid"},
    };
    for (String[] c : cases) {
      String event = StripeTestSupport.unique("evt_");
      ApiClient.Response r =
          deliverConnect(
              sessionEvent(
                  event,
                  "checkout.session.completed",
                  c[0],
                  c[1],
                  c[4],
                  Long.parseLong(c[2]),
                  c[3],
                  invoice));
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(outcome(event)).as(String.join(",", c)).isEqualTo(c[5]);
    }
    assertThat(invoiceRow(invoice)).containsEntry("state", "open").containsEntry("paid_minor", 0L);
    assertThat(
            ownerCount(
                "select count(*) from payments where invoice_id = ?", UUID.fromString(invoice)))
        .isZero();
  }

  @Test
  void racingCheckoutsForOneInvoiceOpenOneSession() throws Exception {
    World w = world();
    connected(w);
    String invoice = openInvoice(w, 2500);
    stripeCreatesSession("cs_test_race");
    Callable<ApiClient.Response> pay = () -> checkout(w.family(), invoice);
    Callable<ApiClient.Response> payToo = () -> checkout(w.familyMember(), invoice);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ApiClient.Response>> answers = pool.invokeAll(List.of(pay, payToo, pay, payToo));
      for (Future<ApiClient.Response> answer : answers) {
        ApiClient.Response r = answer.get();
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.text("url")).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_race");
      }
    } finally {
      pool.shutdown();
    }
    STRIPE.verify(1, postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
    assertThat(
            ownerCount(
                "select count(*) from checkout_attempts where invoice_id = ?",
                UUID.fromString(invoice)))
        .isEqualTo(1);
  }

  @Test
  void aVoidPaidOrUnpayableInvoiceIsRefusedAndStripeHearsNothing() {
    World w = world();
    String invoice = openInvoice(w, 2500);
    stripeCreatesSession("cs_test_never");

    ApiClient.Response noAccount = checkout(w.family(), invoice);
    connected(w);
    assertThat(voidInvoice(w.manager(), invoice).status()).isEqualTo(200);
    ApiClient.Response voided = checkout(w.family(), invoice);
    String paid = openInvoice(w, 300);
    recordPayment(w.business(), paid, 300, "EUR");
    ApiClient.Response alreadyPaid = checkout(w.family(), paid);

    assertThat(noAccount.status()).as(noAccount.raw()).isEqualTo(409);
    assertThat(noAccount.text("type")).endsWith("payments-not-accepted");
    for (ApiClient.Response r : List.of(voided, alreadyPaid)) {
      assertThat(r.status()).as(r.raw()).isEqualTo(409);
      assertThat(r.text("type")).endsWith("invoice-not-payable");
    }
    STRIPE.verify(0, anyRequestedFor(anyUrl()));
    assertThat(
            ownerCount(
                "select count(*) from checkout_attempts where invoice_id in (?, ?)",
                UUID.fromString(invoice),
                UUID.fromString(paid)))
        .isZero();
  }

  @Test
  void theBrowsersReturnChangesNothingOnlyTheVerifiedEventPays() {
    World w = world();
    connected(w);
    String invoice = openInvoice(w, 2500);
    checkoutStarted("cs_test_return", w.family(), invoice);

    String success =
        StripeTestSupport.form(
                STRIPE
                    .findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")))
                    .get(0)
                    .getBodyAsString())
            .get("success_url")
            .replace("https://pawkeep.test", "");
    ApiClient.Response page = api.get(success, w.family().accessToken());
    ApiClient.Response read =
        api.get("/api/v1/invoices/" + invoice + "?checkout=returned", w.family().accessToken());

    assertThat(page.status()).isLessThan(500);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text("state")).isEqualTo("open");
    assertThat(invoiceRow(invoice)).containsEntry("state", "open").containsEntry("paid_minor", 0L);
  }

  @Test
  void theApplicationRoleWritesNoAttemptOrPaymentDirectly() {
    World w = world();
    connected(w);
    String invoice = openInvoice(w, 2500);
    Map<String, Object> privileges =
        schemaOwner
            .jdbc()
            .sql(
                "select has_table_privilege('pawkeep_app', 'checkout_attempts', 'INSERT, UPDATE,"
                    + " DELETE') as attempts, has_table_privilege('pawkeep_app', 'payments',"
                    + " 'INSERT, UPDATE, DELETE') as payments,"
                    + " has_function_privilege('pawkeep_app',"
                    + " 'pawkeep_invoice_payment_recorded(uuid, uuid, bigint, text, text)',"
                    + " 'EXECUTE') as pay")
            .query()
            .singleRow();
    assertThat(privileges)
        .containsEntry("attempts", false)
        .containsEntry("payments", false)
        .containsEntry("pay", false);
    assertThat(invoiceRow(invoice)).containsEntry("state", "open");
  }

  @Test
  void anExpiredSessionLetsTheHouseholdStartAnotherAttempt() {
    World w = world();
    String account = connected(w);
    String invoice = openInvoice(w, 2500);
    checkoutStarted("cs_test_expires", w.family(), invoice);
    String event = StripeTestSupport.unique("evt_");

    ApiClient.Response r =
        deliverConnect(
            sessionEvent(
                event,
                "checkout.session.expired",
                account,
                "cs_test_expires",
                "unpaid",
                2500,
                "eur",
                invoice));
    stripeCreatesSession("cs_test_second");
    ApiClient.Response again = checkout(w.family(), invoice);

    assertThat(r.status()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("applied");
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.text("url")).endsWith("cs_test_second");
    assertThat(
            STRIPE
                .findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")))
                .getLast()
                .getHeader("Idempotency-Key"))
        .isEqualTo("checkout:" + invoice + ":2");
    assertThat(invoiceRow(invoice)).containsEntry("state", "open");
  }

  /** Checkout answers {@code session}, and {@code payer} starts paying {@code invoice}. */
  private void checkoutStarted(String session, User payer, String invoice) {
    stripeCreatesSession(session);
    assertThat(checkout(payer, invoice).status()).isEqualTo(200);
  }
}
