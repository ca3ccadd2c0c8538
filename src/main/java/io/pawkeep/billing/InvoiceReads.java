package io.pawkeep.billing;

import io.pawkeep.web.Instants;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the billing pages show beside an invoice: its payments as the verified webhooks recorded
 * them, its refunds, and which bookings are already on a live invoice. Row-level security decides,
 * as for the invoice itself (policy {@code readers_of_the_invoice}).
 */
@Repository
class InvoiceReads {

  /** A payment Stripe reported for the invoice; {@code reference} is Stripe's {@code pi_} id. */
  record Payment(String reference, long amountMinor, String currency, String outcome, Instant at) {}

  /**
   * A refund of the invoice as its pages show it: {@code shown} is pending, succeeded or failed;
   * {@code reserved} says its amount is still held against what can be refunded (asked for or
   * succeeded, not yet counted in the invoice's refunded total, on a payment applied to it).
   */
  record Refund(
      long amountMinor,
      String currency,
      String reason,
      String status,
      String payment,
      Instant at,
      boolean reserved) {

    public String shown() {
      return switch (status) {
        case "succeeded" -> "succeeded";
        case "failed", "canceled" -> "failed";
        default -> "pending";
      };
    }
  }

  private final JdbcClient jdbc;

  InvoiceReads(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<Payment> payments(UUID invoiceId) {
    return jdbc.sql(
            "select payment_intent_id, amount_minor, currency, outcome, received_at from payments"
                + " where invoice_id = :invoice order by received_at, payment_intent_id")
        .param("invoice", invoiceId)
        .query(
            (rs, n) ->
                new Payment(
                    rs.getString("payment_intent_id"),
                    rs.getLong("amount_minor"),
                    rs.getString("currency"),
                    rs.getString("outcome"),
                    Instants.from(rs, "received_at")))
        .list();
  }

  /** The invoice's refunds, oldest first: one query (PAY-2). */
  List<Refund> refunds(UUID invoiceId) {
    return jdbc.sql(
            """
            select r.amount_minor, r.currency, r.reason, r.status, r.payment_intent_id,
                   r.created_at,
                   (not r.counted and r.status in ('requested', 'pending', 'requires_action',
                                                   'succeeded')
                    and coalesce(p.applied, false)) as reserved
              from refunds r left join payments p on p.payment_intent_id = r.payment_intent_id
             where r.invoice_id = :invoice
             order by r.created_at, r.refund_no nulls last, r.id
            """)
        .param("invoice", invoiceId)
        .query(
            (rs, n) ->
                new Refund(
                    rs.getLong("amount_minor"),
                    rs.getString("currency"),
                    rs.getString("reason"),
                    rs.getString("status"),
                    rs.getString("payment_intent_id"),
                    Instants.from(rs, "created_at"),
                    rs.getBoolean("reserved")))
        .list();
  }

  /** Those of {@code bookings} already on an invoice that is not void. */
  Set<UUID> billed(Collection<UUID> bookings) {
    if (bookings.isEmpty()) {
      return Set.of();
    }
    return jdbc
        .sql("select booking_id from invoice_lines where booking_id in (:ids) and not released")
        .param("ids", List.copyOf(bookings))
        .query(UUID.class)
        .list()
        .stream()
        .collect(Collectors.toSet());
  }
}
