package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * The database guards invoices even if the code forgets to (PAY-2, DOM-9, AUTHZ-5): as the
 * application role, nobody changes an invoice's money or state but through the functions that check
 * billing.write and the transitions; households never read drafts; accountants read invoices and
 * still no pets, care, bookings or access data; numbers have no gaps under racing issuers.
 */
class InvoiceDatabaseTests extends InvoiceTestSupport {

  @Test
  void theApplicationRoleCannotChangeAnInvoicesMoneyOrStateDirectly() {
    World w = world();
    String id = openInvoice(w, 1000);
    for (String statement :
        List.of(
            "update invoices set state = 'paid' where id = ?::uuid",
            "update invoices set paid_minor = 1000 where id = ?::uuid",
            "update invoices set total_minor = 1 where id = ?::uuid",
            "delete from invoices where id = ?::uuid",
            "update invoice_lines set amount_minor = 1 where invoice_id = ?::uuid",
            "delete from invoice_lines where invoice_id = ?::uuid",
            "select pawkeep_invoice_payment_recorded(business_id, id, 1000, 'EUR', 'pi_x')"
                + " from invoices where id = ?::uuid",
            "select pawkeep_invoice_refund_recorded(business_id, id, 1, 'EUR', 're_x')"
                + " from invoices where id = ?::uuid")) {
      assertThatThrownBy(
              () ->
                  asCaller(
                      w.owner(),
                      db ->
                          statement.startsWith("select")
                              ? db.sql(statement).param(id).query((rs, n) -> 1).list()
                              : db.sql(statement).param(id).update()))
          .as(statement)
          .isInstanceOf(DataAccessException.class)
          .rootCause()
          .hasMessageContaining("permission denied");
    }
    assertThat(ownerCount("select paid_minor from invoices where id = ?::uuid", id)).isZero();
  }

  @Test
  void onlyValidTransitionsEvenForTheSchemaOwner() {
    World w = world();
    String id = openInvoice(w, 1000);
    for (String state : List.of("draft", "refunded", "partially_refunded")) {
      assertThatThrownBy(
              () ->
                  schemaOwner
                      .jdbc()
                      .sql("update invoices set state = ? where id = ?::uuid")
                      .params(state, id)
                      .update())
          .as("open -> " + state)
          .isInstanceOf(DataAccessException.class)
          .hasMessageContaining("invalid invoice transition");
    }
    assertThat(recordPayment(w.business(), id, 1000, "EUR")).isEqualTo("applied");
    assertThatThrownBy(
            () ->
                asCaller(
                    w.manager(),
                    db ->
                        db.sql("select pawkeep_void_invoice(?::uuid, 'late', now())")
                            .param(id)
                            .query((rs, n) -> 1)
                            .single()))
        .as("a paid invoice is never voided")
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("invalid invoice transition paid -> void");
    assertThat(recordRefund(w.business(), id, 400, "eur")).isEqualTo("applied");
    assertThat(recordRefund(w.business(), id, 700, "EUR")).isEqualTo("ignored:too-much");
    assertThat(recordRefund(w.business(), id, 600, "USD")).isEqualTo("ignored:currency");
    assertThat(state(id)).isEqualTo("partially_refunded");
    assertThat(recordRefund(w.business(), id, 600, "EUR")).isEqualTo("applied");
    assertThat(state(id)).isEqualTo("refunded");
    assertThat(recordPayment(w.business(), id, 1000, "EUR"))
        .as("money for a refunded invoice is flagged, not added")
        .isEqualTo("overpaid");
    World other = world();
    String voided = openInvoice(w, 500);
    assertThat(voidInvoice(w.manager(), voided).status()).isEqualTo(200);
    assertThat(recordPayment(w.business(), voided, 500, "EUR")).isEqualTo("overpaid");
    assertThat(recordPayment(other.business(), voided, 500, "EUR"))
        .as("another business's invoice")
        .isEqualTo("ignored:unknown-invoice");
    assertThat(
            ownerCount(
                "select count(*) from audit_events where target_id = ? and action in"
                    + " ('invoice.paid', 'invoice.refunded')",
                id))
        .as("each applied payment and refund in two chains")
        .isEqualTo(6);
  }

  @Test
  void householdMembersReadNoDraftsAndNoOtherHouseholdsInvoicesInTheDatabase() {
    World w = world();
    String draft = extraDraft(w, 700);
    String open = openInvoice(w, 800);
    User stranger = signedInUser("stranger");
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    assertThat(visibleInvoices(w.family(), draft, open)).containsExactly(open);
    assertThat(visibleInvoices(sitter, draft, open)).as("sitters do not see the bills").isEmpty();
    assertThat(visibleInvoices(w.familyMember(), draft, open)).containsExactly(open);
    assertThat(visibleInvoices(stranger, draft, open)).isEmpty();
    assertThat(visibleInvoices(w.walker(), draft, open)).as("staff without billing").isEmpty();
    long lines =
        asCaller(
            w.family(),
            db ->
                db.sql("select count(*) from invoice_lines where invoice_id = ?::uuid")
                    .param(draft)
                    .query(Long.class)
                    .single());
    assertThat(lines).isZero();
  }

  @Test
  void anAccountantReadsInvoicesButNoPetsCareBookingsOrAccessDataInTheDatabase() {
    World w = world();
    String booking = completedBooking(w);
    ApiClient.Response r = householdDraft(w, "bookingIds", List.of(booking));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    String id = r.text("id");
    User accountant = accountant(w);
    assertThat(visibleInvoices(accountant, id)).containsExactly(id);
    for (String table :
        List.of(
            "pets",
            "pet_care_instructions",
            "bookings",
            "care_actions",
            "access_secrets",
            "households")) {
      long rows =
          asCaller(
              accountant, db -> db.sql("select count(*) from " + table).query(Long.class).single());
      assertThat(rows).as(table).isZero();
    }
    assertThatThrownBy(
            () ->
                asCaller(
                    accountant,
                    db ->
                        db.sql("select pawkeep_issue_invoice(?::uuid, now())")
                            .param(id)
                            .query(Long.class)
                            .single()))
        .as("billing.read does not issue")
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(
            () ->
                asCaller(
                    accountant,
                    db ->
                        db.sql(
                                "insert into invoices (id, business_id, household_id, currency,"
                                    + " bill_to, created_at, created_by) values (?, ?::uuid,"
                                    + " ?::uuid, 'EUR', '', now(), ?)")
                            .params(
                                UUID.randomUUID(),
                                w.business(),
                                w.household(),
                                claim(accountant, "sub"))
                            .update()))
        .as("billing.read does not draft")
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void aLineForABookingNotCompletedOrOfAnotherHouseholdIsRefusedInTheDatabase() {
    World w = world();
    String draft = extraDraft(w, 100);
    String requested = requestedBooking(w);
    World other = world();
    String foreign = completedBooking(other);
    for (String booking : List.of(requested, foreign)) {
      assertThatThrownBy(
              () ->
                  asCaller(
                      w.manager(),
                      db ->
                          db.sql(
                                  "insert into invoice_lines (invoice_id, line_no, business_id,"
                                      + " kind, booking_id, description, amount_minor) values"
                                      + " (?::uuid, 1, ?::uuid, 'service', ?::uuid, 'x', 1)")
                              .params(draft, w.business(), booking)
                              .update()))
          .isInstanceOf(DataAccessException.class);
    }
    assertThat(ownerCount("select total_minor from invoices where id = ?::uuid", draft))
        .isEqualTo(100);
  }

  /**
   * Twelve drafts issued at once by two managers, with a third of the attempts refused (an
   * accountant's, and second issues of the same draft): the numbers are exactly 1..12.
   */
  @Test
  void racingIssuesNumberEachBusinessesInvoicesWithoutGaps() throws Exception {
    World w = world();
    User accountant = accountant(w);
    List<String> drafts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      drafts.add(extraDraft(w, 100 + i));
    }
    List<Callable<Integer>> attempts = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      String id = drafts.get(i);
      User issuer = i % 2 == 0 ? w.manager() : w.owner();
      attempts.add(() -> issue(issuer, id).status());
      if (i % 3 == 0) {
        attempts.add(() -> issue(accountant, id).status());
        attempts.add(() -> issue(issuer, id).status());
      }
    }
    List<Integer> statuses = new ArrayList<>();
    CyclicBarrier start = new CyclicBarrier(attempts.size());
    ExecutorService threads = Executors.newFixedThreadPool(attempts.size());
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (Callable<Integer> attempt : attempts) {
        results.add(
            threads.submit(
                () -> {
                  start.await();
                  return attempt.call();
                }));
      }
      for (Future<Integer> result : results) {
        statuses.add(result.get());
      }
    } finally {
      threads.shutdown();
    }
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(12);
    assertThat(statuses).filteredOn(s -> s != 200).containsOnly(403, 409);
    List<Long> numbers =
        schemaOwner
            .jdbc()
            .sql("select number from invoices where business_id = ?::uuid order by number")
            .param(w.business())
            .query(Long.class)
            .list();
    assertThat(numbers).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
  }

  private String state(String id) {
    return schemaOwner
        .jdbc()
        .sql("select state from invoices where id = ?::uuid")
        .param(id)
        .query(String.class)
        .single();
  }

  private List<String> visibleInvoices(User user, String... ids) {
    return asCaller(
        user,
        db ->
            db.sql("select id::text from invoices where id = any (?::uuid[]) order by created_at")
                .param(ids)
                .query(String.class)
                .list());
  }
}
