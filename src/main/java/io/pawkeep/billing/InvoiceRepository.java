package io.pawkeep.billing;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for invoices; row-level security backs every statement, and the database's triggers price
 * booking lines and guard every state change (R__96_invoices.sql).
 */
@Repository
class InvoiceRepository {

  private static final String COLUMNS =
      "select id, business_id, household_id, number, state, currency, total_minor, paid_minor,"
          + " refunded_minor, overpaid_minor, dispute, bill_to, created_at, issued_at, voided_at, void_reason"
          + " from invoices";

  private final JdbcClient jdbc;

  InvoiceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The currency of the booking's service, when the caller may bill it; else empty. */
  Optional<String> bookingCurrency(UUID bookingId) {
    return jdbc.sql("select pawkeep_billable_booking_currency(:booking)")
        .param("booking", bookingId)
        .query(String.class)
        .optional();
  }

  void insert(
      UUID id, UUID businessId, UUID householdId, String currency, UUID caller, Instant now) {
    jdbc.sql(
            "insert into invoices (id, business_id, household_id, currency, bill_to, created_at,"
                + " created_by) values (:id, :businessId, :householdId, :currency, '', :now,"
                + " :caller)")
        .param("id", id)
        .param("businessId", businessId)
        .param("householdId", householdId)
        .param("currency", currency)
        .param("now", Instants.timestamp(now))
        .param("caller", caller)
        .update();
  }

  /** Adds a line; the database numbers it and prices a booking's line from its service. */
  void addLine(
      UUID invoiceId,
      UUID businessId,
      String kind,
      UUID bookingId,
      String description,
      Long amountMinor) {
    jdbc.sql(
            "insert into invoice_lines (invoice_id, line_no, business_id, kind, booking_id,"
                + " description, amount_minor) values (:invoice, 0, :businessId, :kind, :booking,"
                + " :description, :amount)")
        .param("invoice", invoiceId)
        .param("businessId", businessId)
        .param("kind", kind)
        .param("booking", bookingId)
        .param("description", description)
        .param("amount", amountMinor)
        .update();
  }

  long issue(UUID invoiceId, Instant now) {
    return jdbc.sql("select pawkeep_issue_invoice(:invoice, :now)")
        .param("invoice", invoiceId)
        .param("now", Instants.timestamp(now))
        .query(Long.class)
        .single();
  }

  void voidInvoice(UUID invoiceId, String reason, Instant now) {
    jdbc.sql("select pawkeep_void_invoice(:invoice, :reason, :now)")
        .param("invoice", invoiceId)
        .param("reason", reason)
        .param("now", Instants.timestamp(now))
        .query((rs, n) -> 1)
        .single();
  }

  Optional<InvoiceView> find(UUID invoiceId) {
    return jdbc.sql(COLUMNS + " where id = :id")
        .param("id", invoiceId)
        .query((rs, n) -> invoice(rs))
        .optional()
        .map(i -> i.withLines(lines(i.id())));
  }

  /** One page of the business's invoices, newest first, one row beyond the page (HARD-8). */
  List<InvoiceView> ofBusiness(UUID businessId, PageRequest page) {
    return list("business_id", businessId, page);
  }

  /** One page of the household's invoices that its members may see (never drafts), newest first. */
  List<InvoiceView> ofHousehold(UUID householdId, PageRequest page) {
    return list("household_id", householdId, page);
  }

  private List<InvoiceView> list(String column, UUID parent, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("created_at"), SortKey.uuid("id")));
    List<InvoiceView> invoices =
        jdbc.sql(
                COLUMNS
                    + " where "
                    + column
                    + " = :parent"
                    + after.and()
                    + " order by created_at desc, id desc limit :fetch")
            .param("parent", parent)
            .params(after.params())
            .query((rs, n) -> invoice(rs))
            .list();
    return withLines(invoices);
  }

  /** The page's invoices with their lines, read in one more query. */
  private List<InvoiceView> withLines(List<InvoiceView> invoices) {
    if (invoices.isEmpty()) {
      return invoices;
    }
    Map<UUID, List<InvoiceView.Line>> lines = new HashMap<>();
    jdbc.sql(
            "select invoice_id, line_no, kind, booking_id, description, amount_minor"
                + " from invoice_lines where invoice_id in (:ids) order by invoice_id, line_no")
        .param("ids", invoices.stream().map(InvoiceView::id).toList())
        .query(
            rs -> {
              lines
                  .computeIfAbsent(rs.getObject("invoice_id", UUID.class), k -> new ArrayList<>())
                  .add(line(rs));
            });
    return invoices.stream().map(i -> i.withLines(lines.getOrDefault(i.id(), List.of()))).toList();
  }

  private static InvoiceView.Line line(ResultSet rs) throws SQLException {
    return new InvoiceView.Line(
        rs.getInt("line_no"),
        rs.getString("kind"),
        rs.getObject("booking_id", UUID.class),
        rs.getString("description"),
        rs.getLong("amount_minor"));
  }

  private List<InvoiceView.Line> lines(UUID invoiceId) {
    return jdbc.sql(
            "select line_no, kind, booking_id, description, amount_minor from invoice_lines"
                + " where invoice_id = :invoice order by line_no")
        .param("invoice", invoiceId)
        .query((rs, n) -> line(rs))
        .list();
  }

  private static InvoiceView invoice(ResultSet rs) throws SQLException {
    return new InvoiceView(
        rs.getObject("id", UUID.class),
        rs.getObject("business_id", UUID.class),
        rs.getObject("household_id", UUID.class),
        rs.getObject("number", Long.class),
        rs.getString("state"),
        rs.getString("currency"),
        rs.getLong("total_minor"),
        rs.getLong("paid_minor"),
        rs.getLong("refunded_minor"),
        rs.getLong("overpaid_minor"),
        rs.getString("dispute"),
        rs.getString("bill_to"),
        Instants.from(rs, "created_at"),
        Instants.from(rs, "issued_at"),
        Instants.from(rs, "voided_at"),
        rs.getString("void_reason"),
        List.of());
  }
}
