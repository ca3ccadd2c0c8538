package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pawkeep.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * Refunds through the API (PAY-2): what Pawkeep sends Stripe, that the invoice's money moves once
 * per Stripe refund, the refusals, racing requests and Stripe's failures.
 */
class RefundTests extends RefundTestSupport {

  private static final Set<String> REFUND_FORM =
      Set.of("payment_intent", "amount", "reason", "metadata[pawkeep_refund_id]");

  @Test
  void billingWriteRefundsAPaidInvoiceOnTheBusinesssAccountSendingOnlyTheAmount() {
    World w = world();
    Paid paid = paid(w, 2500);
    stripeRefunds("re_test_first", "succeeded");
    Map<String, Object> body = refundBody(1000, "EUR");
    body.put("reason", "requested_by_customer");

    ApiClient.Response r = refund(w.manager(), paid.invoice(), body);

    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    assertThat(r.text("status")).isEqualTo("succeeded");
    assertThat(r.text("stripeRefundId")).isEqualTo("re_test_first");
    List<LoggedRequest> sent = STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/refunds")));
    assertThat(sent).hasSize(1);
    LoggedRequest request = sent.get(0);
    assertThat(request.getHeader("Stripe-Account")).isEqualTo(paid.account());
    assertThat(request.getHeader("Idempotency-Key")).isEqualTo("refund:" + paid.invoice() + ":1");
    Map<String, String> form = StripeTestSupport.form(request.getBodyAsString());
    assertThat(form.keySet()).isEqualTo(REFUND_FORM);
    assertThat(form)
        .containsEntry("payment_intent", paid.payment())
        .containsEntry("amount", "1000")
        .containsEntry("reason", "requested_by_customer")
        .containsEntry("metadata[pawkeep_refund_id]", refundRowId(paid.invoice(), 1));
    assertThat(request.getBodyAsString()).doesNotContain("Kennel").doesNotContain("family");
    assertThat(money(paid.invoice()))
        .containsEntry("state", "partially_refunded")
        .containsEntry("refunded_minor", 1000L);
    assertThat(
            ownerCount(
                "select count(*) from audit_events where target_id = ? and action in"
                    + " ('invoice.refunded', 'invoice.refund_requested')",
                paid.invoice()))
        .as("asked for and refunded, each in the business's and household's chains")
        .isEqualTo(4);

    // Stripe's event for the same refund does not count it again.
    String event = StripeTestSupport.unique("evt_");
    deliverConnect(
        refundEvent(
            event,
            "refund.updated",
            paid.account(),
            "re_test_first",
            paid.payment(),
            1000,
            "succeeded",
            refundRowId(paid.invoice(), 1),
            1));
    assertThat(outcome(event)).isEqualTo("applied");
    assertThat(money(paid.invoice())).containsEntry("refunded_minor", 1000L);

    stripeRefunds("re_test_rest", "succeeded");
    ApiClient.Response rest = refund(w.owner(), paid.invoice(), refundBody(1500, "EUR"));
    assertThat(rest.status()).as(rest.raw()).isEqualTo(201);
    assertThat(lastRefundKey()).isEqualTo("refund:" + paid.invoice() + ":2");
    assertThat(money(paid.invoice()))
        .containsEntry("state", "refunded")
        .containsEntry("refunded_minor", 2500L);
  }

  @Test
  void aBadRefundIsAProblemNeverA500AndStripeHearsNothing() {
    World w = world();
    Paid paid = paid(w, 2500);
    String draft = extraDraft(w, 700);
    String open = openInvoice(w, 800);
    String voided = openInvoice(w, 900);
    assertThat(voidInvoice(w.manager(), voided).status()).isEqualTo(200);
    stripeRefunds("re_test_never", "succeeded");
    Map<String, Object> badReason = refundBody(100, "EUR");
    badReason.put("reason", "because");
    Map<String, Object> badPayment = refundBody(100, "EUR");
    badPayment.put("paymentIntentId", "pi_notthisinvoices");

    record Case(String invoice, Map<String, Object> body, int status, String type) {}
    List<Case> cases =
        List.of(
            new Case(paid.invoice(), refundBody(0, "EUR"), 400, "invalid-request"),
            new Case(paid.invoice(), refundBody(-5, "EUR"), 400, "invalid-request"),
            new Case(paid.invoice(), refundBody(100, "USD"), 400, "invalid-request"),
            new Case(paid.invoice(), refundBody(100, "eur"), 400, "invalid-request"),
            new Case(paid.invoice(), badReason, 400, "invalid-request"),
            new Case(paid.invoice(), Map.of("currency", "EUR"), 400, "invalid-request"),
            new Case(paid.invoice(), refundBody(2501, "EUR"), 422, "refund-too-large"),
            new Case(paid.invoice(), badPayment, 409, "no-payment-to-refund"),
            new Case(draft, refundBody(100, "EUR"), 409, "invoice-not-refundable"),
            new Case(open, refundBody(100, "EUR"), 409, "invoice-not-refundable"),
            new Case(voided, refundBody(100, "EUR"), 409, "invoice-not-refundable"));
    for (Case c : cases) {
      ApiClient.Response r = refund(w.manager(), c.invoice(), c.body());
      assertThat(r.status()).as(c + " " + r.raw()).isEqualTo(c.status());
      assertThat(r.text("type")).as(c.toString()).endsWith(c.type());
    }
    ApiClient.Response noBody =
        api.post(
            "/api/v1/invoices/" + paid.invoice() + "/refunds", null, w.manager().accessToken());
    assertThat(noBody.status()).as(noBody.raw()).isEqualTo(400);

    STRIPE.verify(0, postRequestedFor(urlPathEqualTo("/v1/refunds")));
    assertThat(ownerCount("select count(*) from refunds where business_id = ?::uuid", w.business()))
        .isZero();
    assertThat(money(paid.invoice()))
        .containsEntry("state", "paid")
        .containsEntry("refunded_minor", 0L);
  }

  @Test
  void twoRacingRefundsOfTheWholeAmountRefundItOnce() throws Exception {
    World w = world();
    Paid paid = paid(w, 2500);
    stripeRefunds("re_test_race", "pending");
    Callable<ApiClient.Response> byOwner =
        () -> refund(w.owner(), paid.invoice(), refundBody(2500, "EUR"));
    Callable<ApiClient.Response> byManager =
        () -> refund(w.manager(), paid.invoice(), refundBody(2500, "EUR"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Integer> statuses = new ArrayList<>();
    try {
      for (Future<ApiClient.Response> answer : pool.invokeAll(List.of(byOwner, byManager))) {
        statuses.add(answer.get().status());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(statuses).containsExactlyInAnyOrder(201, 422);
    STRIPE.verify(1, postRequestedFor(urlPathEqualTo("/v1/refunds")));
    assertThat(refundRows(paid)).isEqualTo(1);
    // Pending at Stripe: the money is taken (no third request fits) but not counted yet.
    assertThat(refund(w.owner(), paid.invoice(), refundBody(1, "EUR")).status()).isEqualTo(422);
    assertThat(money(paid.invoice())).containsEntry("state", "paid");
  }

  @Test
  void aRefusalByStripeMarksTheRefundFailedAndFreesItsAmount() {
    World w = world();
    Paid paid = paid(w, 2500);
    stripeRefusesRefunds();

    ApiClient.Response refused = refund(w.manager(), paid.invoice(), refundBody(2500, "EUR"));

    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.text("type")).endsWith("refund-refused");
    assertThat(refused.raw()).doesNotContain("charge_already_refunded");
    assertThat(
            ownerCount(
                "select count(*) from refunds where invoice_id = ? and status = 'failed'",
                UUID.fromString(paid.invoice())))
        .isEqualTo(1);
    assertThat(money(paid.invoice())).containsEntry("state", "paid");

    STRIPE.resetAll();
    stripeRefunds("re_test_second", "succeeded");
    ApiClient.Response again = refund(w.manager(), paid.invoice(), refundBody(2500, "EUR"));
    assertThat(again.status()).as(again.raw()).isEqualTo(201);
    assertThat(lastRefundKey()).isEqualTo("refund:" + paid.invoice() + ":2");
    assertThat(money(paid.invoice())).containsEntry("state", "refunded");
  }

  @Test
  void aRetryAfterNoAnswerFromStripeSendsTheSameRefundUnderTheSameKey() {
    World w = world();
    Paid paid = paid(w, 2500);
    stripeRefundsGoUnanswered();

    ApiClient.Response lost = refund(w.manager(), paid.invoice(), refundBody(2000, "EUR"), "k-1");
    assertThat(lost.status()).as(lost.raw()).isEqualTo(502);
    // Reserved still: Stripe may have made it.
    assertThat(refund(w.owner(), paid.invoice(), refundBody(1000, "EUR")).status()).isEqualTo(422);

    STRIPE.resetAll();
    stripeRefunds("re_test_retried", "succeeded");
    ApiClient.Response retried =
        refund(w.manager(), paid.invoice(), refundBody(2000, "EUR"), "k-1");
    ApiClient.Response replayed =
        refund(w.manager(), paid.invoice(), refundBody(2000, "EUR"), "k-1");

    assertThat(retried.status()).as(retried.raw()).isEqualTo(201);
    assertThat(retried.text("stripeRefundId")).isEqualTo("re_test_retried");
    assertThat(replayed.status()).isEqualTo(201);
    assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    assertOneRefundSentAndReserved(paid);
    assertThat(money(paid.invoice()))
        .containsEntry("state", "partially_refunded")
        .containsEntry("refunded_minor", 2000L);
  }

  @Test
  void aRetryWithoutAKeyByTheSameCallerResendsTheUnansweredRefundNeverASecondOne() {
    World w = world();
    Paid paid = paid(w, 2500);
    stripeRefundsGoUnanswered();
    assertThat(refund(w.manager(), paid.invoice(), refundBody(2500, "EUR")).status())
        .isEqualTo(502);

    STRIPE.resetAll();
    stripeRefunds("re_test_resent", "succeeded");
    ApiClient.Response retried = refund(w.manager(), paid.invoice(), refundBody(2500, "EUR"));

    assertThat(retried.status()).as(retried.raw()).isEqualTo(201);
    assertOneRefundSentAndReserved(paid);
    assertThat(money(paid.invoice())).containsEntry("state", "refunded");
  }

  @Test
  void stripesEventArrivingBeforeItsAnswerCountsTheRefundOnce() throws Exception {
    World w = world();
    Paid paid = paid(w, 2500);
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/refunds"))
            .willReturn(
                aResponse()
                    .withFixedDelay(3000)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"re_test_slow\",\"object\":\"refund\",\"status\":\"succeeded\"}")));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ApiClient.Response> answer =
          pool.submit(() -> refund(w.manager(), paid.invoice(), refundBody(2500, "EUR")));
      // The reservation is committed before Stripe is called: the event finds it meanwhile.
      long deadline = System.currentTimeMillis() + 10_000;
      while (refundRows(paid) == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      String event = StripeTestSupport.unique("evt_");
      ApiClient.Response delivered =
          deliverConnect(
              refundEvent(
                  event,
                  "refund.created",
                  paid.account(),
                  "re_test_slow",
                  paid.payment(),
                  2500,
                  "succeeded",
                  refundRowId(paid.invoice(), 1),
                  0));
      assertThat(delivered.status()).isEqualTo(200);
      assertThat(outcome(event)).isEqualTo("applied");
      assertThat(money(paid.invoice())).containsEntry("state", "refunded");
      ApiClient.Response r = answer.get();
      assertThat(r.status()).as(r.raw()).isEqualTo(201);
    } finally {
      pool.shutdown();
    }
    assertThat(money(paid.invoice()))
        .containsEntry("state", "refunded")
        .containsEntry("refunded_minor", 2500L);
    assertThat(
            ownerCount(
                "select count(*) from audit_events where target_id = ? and action ="
                    + " 'invoice.refunded'",
                paid.invoice()))
        .isEqualTo(2);
  }

  @Test
  void theApplicationRoleWritesNoRefundAndAnAccountantCannotReserveOne() {
    World w = world();
    Paid paid = paid(w, 2500);
    User accountant = accountant(w);
    Map<String, Object> privileges =
        schemaOwner
            .jdbc()
            .sql(
                "select has_table_privilege('pawkeep_app', 'refunds', 'INSERT, UPDATE, DELETE')"
                    + " as refunds, has_table_privilege('pawkeep_app', 'disputes',"
                    + " 'INSERT, UPDATE, DELETE') as disputes,"
                    + " has_function_privilege('pawkeep_app', 'pawkeep_count_refund(uuid)',"
                    + " 'EXECUTE') as count_refund,"
                    + " has_function_privilege('pawkeep_app',"
                    + " 'pawkeep_invoice_refund_recorded(uuid, uuid, bigint, text, text)',"
                    + " 'EXECUTE') as record_refund")
            .query()
            .singleRow();
    assertThat(privileges)
        .containsEntry("refunds", false)
        .containsEntry("disputes", false)
        .containsEntry("count_refund", false)
        .containsEntry("record_refund", false);
    assertThatThrownBy(
            () ->
                asCaller(
                    accountant,
                    db ->
                        db.sql(
                                "select * from pawkeep_reserve_refund(?::uuid, 100, 'EUR', null,"
                                    + " null, null)")
                            .param(paid.invoice())
                            .query()
                            .listOfRows()))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("billing.write is required");
    assertThatThrownBy(
            () ->
                asCaller(
                    w.family(),
                    db ->
                        db.sql(
                                "select * from pawkeep_reserve_refund(?::uuid, 100, 'EUR', null,"
                                    + " null, null)")
                            .param(paid.invoice())
                            .query()
                            .listOfRows()))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("no such invoice");
    assertThat(ownerCount("select count(*) from refunds where business_id = ?::uuid", w.business()))
        .isZero();
  }

  /** The rows the invoice has in {@code refunds}, counted by the schema owner. */
  private long refundRows(Paid paid) {
    return ownerCount(
        "select count(*) from refunds where invoice_id = ?", UUID.fromString(paid.invoice()));
  }

  /** Stripe got one refund request, under the invoice's first key, and one row stands for it. */
  private void assertOneRefundSentAndReserved(Paid paid) {
    List<LoggedRequest> sent = STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/refunds")));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getHeader("Idempotency-Key"))
        .isEqualTo("refund:" + paid.invoice() + ":1");
    assertThat(refundRows(paid)).isEqualTo(1);
  }

  /** The idempotency key of the last refund request Stripe got. */
  private static String lastRefundKey() {
    return STRIPE
        .findAll(postRequestedFor(urlPathEqualTo("/v1/refunds")))
        .getLast()
        .getHeader("Idempotency-Key");
  }
}
