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
 * them, and which bookings are already on a live invoice. Row-level security decides, as for the
 * invoice itself (policy {@code readers_of_the_invoice}).
 */
@Repository
class InvoiceReads {

  /** A payment Stripe reported for the invoice; {@code reference} is Stripe's {@code pi_} id. */
  record Payment(String reference, long amountMinor, String currency, String outcome, Instant at) {}

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
