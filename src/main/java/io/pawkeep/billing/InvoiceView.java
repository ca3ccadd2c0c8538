package io.pawkeep.billing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An invoice as its readers see it: money in integer minor units of {@code currency}; no pet, care
 * or access data (AUTHZ-5). {@code number} is null while a draft. {@code overpaidMinor} is money
 * received after the invoice was settled (paid, refunded or void), still to be refunded to the
 * household; {@code dispute} is null, open, won or lost (a chargeback).
 */
record InvoiceView(
    UUID id,
    UUID businessId,
    UUID householdId,
    Long number,
    String state,
    String currency,
    long totalMinor,
    long paidMinor,
    long refundedMinor,
    long overpaidMinor,
    String dispute,
    String billTo,
    Instant createdAt,
    Instant issuedAt,
    Instant voidedAt,
    String voidReason,
    List<Line> lines) {

  /** One line: a completed booking priced from its service, an extra line or the tip. */
  record Line(int lineNo, String kind, UUID bookingId, String description, long amountMinor) {}

  InvoiceView withLines(List<Line> lines) {
    return new InvoiceView(
        id,
        businessId,
        householdId,
        number,
        state,
        currency,
        totalMinor,
        paidMinor,
        refundedMinor,
        overpaidMinor,
        dispute,
        billTo,
        createdAt,
        issuedAt,
        voidedAt,
        voidReason,
        List.copyOf(lines));
  }
}
