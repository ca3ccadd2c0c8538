package io.pawkeep.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One step of an invoice's life as its pages show it, from the invoice's own times and the payments
 * the verified webhooks recorded: drafted, issued, each payment, voided. Refunds have no time of
 * their own yet; the page shows their total.
 */
record InvoiceHistory(Instant at, String what) {

  static List<InvoiceHistory> of(InvoiceView invoice, List<InvoiceReads.Payment> payments) {
    List<InvoiceHistory> steps = new ArrayList<>();
    steps.add(new InvoiceHistory(invoice.createdAt(), "Drafted"));
    if (invoice.issuedAt() != null) {
      steps.add(new InvoiceHistory(invoice.issuedAt(), "Issued as number " + invoice.number()));
    }
    for (InvoiceReads.Payment p : payments) {
      steps.add(
          new InvoiceHistory(
              p.at(),
              ("applied".equals(p.outcome())
                      ? "Paid "
                      : "Payment not applied (" + p.outcome() + ") ")
                  + Money.shown(p.amountMinor(), p.currency())
                  + " through Stripe"));
    }
    if (invoice.voidedAt() != null) {
      steps.add(
          new InvoiceHistory(
              invoice.voidedAt(),
              invoice.voidReason() == null ? "Voided" : "Voided: " + invoice.voidReason()));
    }
    steps.sort(Comparator.comparing(InvoiceHistory::at));
    return steps;
  }
}
