package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.AccessMatrix;
import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The booking world plus an accountant (billing.read only), and helpers to complete bookings and
 * draft, issue and pay invoices.
 */
abstract class InvoiceTestSupport extends BookingTestSupport {

  @Autowired OwnerDatabase schemaOwner;

  private int slot;

  /** A booking of the world's walk service, confirmed, assigned, started and completed. */
  protected String completedBooking(World w) {
    String id = assignedBooking(w, w.walkerId(), inHours(24 + 3L * slot++));
    assertThat(status(w.walker(), id, "in_progress", null).status()).isEqualTo(200);
    ApiClient.Response done = status(w.walker(), id, "completed", null);
    assertThat(done.status()).as(done.raw()).isEqualTo(200);
    return id;
  }

  /** A requested booking that is not completed. */
  protected String requestedBooking(World w) {
    ApiClient.Response r =
        requestBooking(w, w.family(), inHours(24 + 3L * slot++).plus(Duration.ofDays(30)));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected ApiClient.Response draft(User caller, String business, Map<String, Object> body) {
    return api.post("/api/v1/businesses/" + business + "/invoices", body, caller.accessToken());
  }

  /** A draft of one extra line of {@code amountMinor} EUR for the world's household. */
  protected String extraDraft(World w, long amountMinor) {
    ApiClient.Response r =
        draft(w.manager(), w.business(), extraLineBody(w.household(), "Key pickup", amountMinor));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected ApiClient.Response issue(User caller, String invoice) {
    return api.post("/api/v1/invoices/" + invoice + "/issue", Map.of(), caller.accessToken());
  }

  protected ApiClient.Response voidInvoice(User caller, String invoice) {
    return api.post(
        "/api/v1/invoices/" + invoice + "/void", Map.of("reason", "typo"), caller.accessToken());
  }

  /** An issued invoice of one extra line. */
  protected String openInvoice(World w, long amountMinor) {
    String id = extraDraft(w, amountMinor);
    ApiClient.Response r = issue(w.manager(), id);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return id;
  }

  /** A payment recorded as a verified webhook's function records it (schema owner). */
  protected String recordPayment(String business, String invoice, long amount, String currency) {
    return schemaOwner
        .jdbc()
        .sql("select pawkeep_invoice_payment_recorded(?, ?, ?, ?, ?)")
        .params(UUID.fromString(business), UUID.fromString(invoice), amount, currency, "pi_test")
        .query(String.class)
        .single();
  }

  protected String recordRefund(String business, String invoice, long amount, String currency) {
    return schemaOwner
        .jdbc()
        .sql("select pawkeep_invoice_refund_recorded(?, ?, ?, ?, ?)")
        .params(UUID.fromString(business), UUID.fromString(invoice), amount, currency, "re_test")
        .query(String.class)
        .single();
  }

  protected User accountant(World w) {
    User accountant = signedInUser("accountant");
    hire(w.owner(), w.business(), accountant, "accountant");
    return accountant;
  }

  protected long ownerCount(String sql, Object... params) {
    return schemaOwner.jdbc().sql(sql).params(params).query(Long.class).single();
  }

  /**
   * The billing route matrix's eleven callers: the world's business staff and household, plus an
   * accountant, a sitter, another business, another household, a stranger and nobody.
   */
  protected AccessMatrix billingCallers(String table, World w) {
    User accountant = accountant(w);
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    User otherBusiness = withSecondFactor("other-business");
    createBusiness(otherBusiness, "Elsewhere");
    User otherHousehold = signedInUser("other-household");
    createHousehold(otherHousehold, "Next Door");
    return AccessMatrix.of(table)
        .caller("owner", w.owner().accessToken())
        .caller("manager", w.manager().accessToken())
        .caller("accountant", accountant.accessToken())
        .caller("staff", w.walker().accessToken())
        .caller("otherBusiness", otherBusiness.accessToken())
        .caller("householdOwner", w.family().accessToken())
        .caller("householdMember", w.familyMember().accessToken())
        .caller("sitter", sitter.accessToken())
        .caller("otherHousehold", otherHousehold.accessToken())
        .caller("stranger", signedInUser("stranger").accessToken())
        .caller("anonymous", null);
  }

  /** A draft by the world's manager for the world's household: {@code fields} plus its id. */
  protected ApiClient.Response householdDraft(World w, Object... fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("householdId", w.household());
    for (int i = 0; i < fields.length; i += 2) {
      body.put((String) fields[i], fields[i + 1]);
    }
    return draft(w.manager(), w.business(), body);
  }

  protected long invoiceCount(World w) {
    return ownerCount("select count(*) from invoices where business_id = ?::uuid", w.business());
  }

  /** A draft's body: one extra line of {@code amountMinor} EUR for {@code household}. */
  protected static Map<String, Object> extraLineBody(
      String household, String description, long amountMinor) {
    return Map.of(
        "householdId",
        household,
        "currency",
        "EUR",
        "extraLines",
        List.of(Map.of("description", description, "amountMinor", amountMinor)));
  }
}
