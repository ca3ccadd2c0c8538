package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Invoices through the API (PAY-2): lines, totals, issue, void, idempotent retries, bad input. */
class InvoiceTests extends InvoiceTestSupport {

  @Test
  void aBusinessInvoicesCompletedBookingsAtTheirServicePriceWithExtraLinesAndATip() {
    World w = world();
    String first = completedBooking(w);
    String second = completedBooking(w);
    ApiClient.Response r =
        householdDraft(
            w,
            "bookingIds",
            List.of(first, second),
            "extraLines",
            List.of(Map.of("description", "Key pickup", "amountMinor", 250)),
            "tip",
            Map.of("amountMinor", 300, "currency", "EUR"));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    JsonNode invoice = r.json();
    assertThat(invoice.path("state").asString()).isEqualTo("draft");
    assertThat(invoice.path("number").isNull()).isTrue();
    assertThat(invoice.path("currency").asString()).isEqualTo("EUR");
    long price = createdServicePrice(w);
    assertThat(invoice.path("totalMinor").asLong()).isEqualTo(2 * price + 250 + 300);
    assertThat(invoice.path("lines").size()).isEqualTo(4);
    assertThat(invoice.path("lines").get(0).path("description").asString())
        .startsWith("Walk 60, ")
        .doesNotContain("Rex");
    assertThat(invoice.path("billTo").asString()).isEqualTo("The Kennel");

    String id = invoice.path("id").asString();
    assertThat(
            api.get("/api/v1/households/" + w.household() + "/invoices", w.family().accessToken())
                .items()
                .size())
        .as("the household sees no draft (DOM-9)")
        .isZero();
    assertThat(api.get("/api/v1/invoices/" + id, w.family().accessToken()).status()).isEqualTo(404);

    ApiClient.Response issued = issue(w.manager(), id);
    assertThat(issued.status()).as(issued.raw()).isEqualTo(200);
    assertThat(issued.json().path("state").asString()).isEqualTo("open");
    assertThat(issued.json().path("number").asLong()).isEqualTo(1);
    JsonNode mine =
        api.get("/api/v1/households/" + w.household() + "/invoices", w.family().accessToken())
            .items();
    assertThat(mine.size()).isOne();
    assertThat(mine.get(0).path("lines").size()).isEqualTo(4);
    assertThat(mine.get(0).path("number").asLong()).isEqualTo(1);
    assertThat(
            ownerCount(
                "select count(*) from audit_events where target_id = ? and action = 'invoice.issued'",
                id))
        .as("issued: in the business's and the household's chains")
        .isEqualTo(2);
  }

  @Test
  void aRetriedPostWithTheSameIdempotencyKeyAnswersTheFirstAnswerAndWritesOnce() {
    World w = world();
    Map<String, Object> body = extraLineBody(w.household(), "Bath", 1500);
    Map<String, String> key = Map.of("Idempotency-Key", "create-1");
    String path = "/api/v1/businesses/" + w.business() + "/invoices";
    ApiClient.Response first = api.send("POST", path, body, w.manager().accessToken(), key);
    ApiClient.Response again = api.send("POST", path, body, w.manager().accessToken(), key);
    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertThat(again.status()).as(again.raw()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(invoiceCount(w)).isOne();

    ApiClient.Response other =
        api.send(
            "POST",
            path,
            extraLineBody(w.household(), "Bath", 9999),
            w.manager().accessToken(),
            key);
    assertThat(other.status()).as(other.raw()).isEqualTo(422);
    assertThat(other.text("type")).isEqualTo("urn:pawkeep:problem:idempotency-key-reused");

    String id = first.text("id");
    Map<String, String> issueKey = Map.of("Idempotency-Key", "issue-1");
    ApiClient.Response issued =
        api.send(
            "POST", "/api/v1/invoices/" + id + "/issue", null, w.manager().accessToken(), issueKey);
    ApiClient.Response reissued =
        api.send(
            "POST", "/api/v1/invoices/" + id + "/issue", null, w.manager().accessToken(), issueKey);
    assertThat(issued.status()).as(issued.raw()).isEqualTo(200);
    assertThat(reissued.json()).isEqualTo(issued.json());
    assertThat(issue(w.manager(), id).status())
        .as("without the key: a second issue")
        .isEqualTo(409);
  }

  @Test
  void retriesRacingWithTheSameIdempotencyKeyDraftOneInvoiceAndAllGetItsAnswer() throws Exception {
    World w = world();
    Map<String, Object> body = extraLineBody(w.household(), "Bath", 1500);
    String path = "/api/v1/businesses/" + w.business() + "/invoices";
    int racers = 6;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    List<Future<ApiClient.Response>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        answers.add(
            threads.submit(
                () -> {
                  start.await();
                  return api.send(
                      "POST",
                      path,
                      body,
                      w.manager().accessToken(),
                      Map.of("Idempotency-Key", "race-1"));
                }));
      }
      Set<String> ids = new HashSet<>();
      for (Future<ApiClient.Response> answer : answers) {
        ApiClient.Response r = answer.get();
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        ids.add(r.text("id"));
      }
      assertThat(ids).hasSize(1);
    } finally {
      threads.shutdown();
    }
    assertThat(invoiceCount(w)).isOne();
  }

  @Test
  void zeroOrNegativeAmountsAndAnotherCurrencyAreRefusedAndWriteNothing() {
    World w = world();
    String booking = completedBooking(w);
    for (Map<String, Object> bad :
        List.of(
            Map.<String, Object>of("description", "Bath", "amountMinor", 0),
            Map.<String, Object>of("description", "Bath", "amountMinor", -5),
            Map.<String, Object>of("description", "Bath", "amountMinor", 500, "currency", "USD"),
            Map.<String, Object>of("description", " ", "amountMinor", 500))) {
      ApiClient.Response r =
          householdDraft(w, "bookingIds", List.of(booking), "extraLines", List.of(bad));
      assertThat(r.status()).as(bad + ": " + r.raw()).isEqualTo(400);
    }
    ApiClient.Response usdForEuroBooking =
        householdDraft(w, "currency", "USD", "bookingIds", List.of(booking));
    assertThat(usdForEuroBooking.status()).as(usdForEuroBooking.raw()).isEqualTo(400);
    ApiClient.Response negativeTip =
        householdDraft(w, "bookingIds", List.of(booking), "tip", Map.of("amountMinor", -1));
    assertThat(negativeTip.status()).isEqualTo(400);
    assertThat(invoiceCount(w)).isZero();
  }

  @Test
  void aBookingNotCompletedOrOfAnotherBusinessIsNotInvoicedAndNothingIsHalfWritten() {
    World w = world();
    String completed = completedBooking(w);
    String requested = requestedBooking(w);
    ApiClient.Response notCompleted =
        householdDraft(w, "bookingIds", List.of(completed, requested));
    assertThat(notCompleted.status()).as(notCompleted.raw()).isEqualTo(409);
    assertThat(invoiceCount(w))
        .as("the draft and its first line rolled back with the refused one")
        .isZero();

    World other = world();
    ApiClient.Response foreign =
        draft(
            other.manager(),
            other.business(),
            Map.of(
                "householdId",
                other.household(),
                "currency",
                "EUR",
                "bookingIds",
                List.of(completed)));
    assertThat(foreign.status()).as(foreign.raw()).isEqualTo(400);
    ApiClient.Response foreignHousehold =
        draft(w.manager(), w.business(), extraLineBody(other.household(), "Bath", 100));
    assertThat(foreignHousehold.status()).as(foreignHousehold.raw()).isEqualTo(400);

    ApiClient.Response once = householdDraft(w, "bookingIds", List.of(completed));
    assertThat(once.status()).as(once.raw()).isEqualTo(201);
    ApiClient.Response twice = householdDraft(w, "bookingIds", List.of(completed));
    assertThat(twice.status()).as("a booking is on one live invoice").isEqualTo(409);
    assertThat(issue(w.manager(), once.text("id")).status()).isEqualTo(200);
    assertThat(voidInvoice(w.manager(), once.text("id")).status()).isEqualTo(200);
    assertThat(householdDraft(w, "bookingIds", List.of(completed)).status())
        .as("voiding releases the booking")
        .isEqualTo(201);
  }

  @Test
  void aPaidInvoiceIsNotVoidedAndADraftHasNoNumberToVoid() {
    World w = world();
    String draft = extraDraft(w, 1000);
    assertThat(voidInvoice(w.manager(), draft).status()).isEqualTo(409);
    String paid = openInvoice(w, 1000);
    assertThat(recordPayment(w.business(), paid, 1000, "eur")).isEqualTo("applied");
    ApiClient.Response refused = voidInvoice(w.manager(), paid);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    JsonNode invoice = api.get("/api/v1/invoices/" + paid, w.family().accessToken()).json();
    assertThat(invoice.path("state").asString()).isEqualTo("paid");
    assertThat(invoice.path("paidMinor").asLong()).isEqualTo(1000);
    assertThat(
            ownerCount(
                "select count(*) from audit_events where target_id = ? and action = 'invoice.voided'",
                paid))
        .isZero();
  }

  private long createdServicePrice(World w) {
    return ownerCount("select price_minor from business_services where id = ?::uuid", w.service());
  }
}
