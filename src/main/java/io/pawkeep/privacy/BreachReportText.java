package io.pawkeep.privacy;

import java.util.List;
import java.util.UUID;

/** A breach report as plain text a person reads and copies into a notification (PRIV-4). */
final class BreachReportText {

  private BreachReportText() {}

  static String of(BreachReport r) {
    StringBuilder out = new StringBuilder();
    BreachReport.Notification n = r.notification();
    out.append("PAWKEEP BREACH REPORT (from the audit trail)\n\n");
    out.append("Time window: ").append(n.timeWindow()).append('\n');
    out.append("Filters: ")
        .append(r.filters().actor() == null ? "" : "actor " + r.filters().actor() + " ")
        .append(r.filters().account() == null ? "" : "account " + r.filters().account() + " ")
        .append(r.filters().address() == null ? "" : "address " + r.filters().address() + " ")
        .append(
            r.filters().actor() == null
                    && r.filters().account() == null
                    && r.filters().address() == null
                ? "none"
                : "")
        .append("\n\n");
    out.append("GDPR ART. 33(3) NOTIFICATION\n");
    out.append("(a) Nature of the breach: ").append(n.natureOfBreach()).append('\n');
    out.append("    Categories of data subjects: ")
        .append(
            n.categoriesOfDataSubjects().isEmpty()
                ? "none found"
                : String.join("; ", n.categoriesOfDataSubjects()))
        .append('\n');
    out.append("    Approximate number of data subjects: ")
        .append(n.approximateDataSubjects())
        .append('\n');
    out.append("    Categories of records: ")
        .append(
            n.categoriesOfRecords().isEmpty()
                ? "none found"
                : String.join(", ", n.categoriesOfRecords()))
        .append('\n');
    out.append("    Approximate number of records: ").append(n.approximateRecords()).append('\n');
    out.append("(b) Contact: ").append(n.contact()).append('\n');
    out.append("(c) Likely consequences: ").append(n.likelyConsequences()).append('\n');
    out.append("(d) Measures taken or proposed: ")
        .append(n.measuresTakenOrProposed())
        .append("\n\n");
    out.append("WHAT THE TRAIL SHOWS\n");
    out.append("Events: ").append(r.events()).append('\n');
    out.append("Client addresses: ").append(r.addressCount()).append('\n');
    out.append("Records touched, by kind and action (events / distinct records):\n");
    if (r.records().isEmpty()) {
      out.append("  none\n");
    }
    for (BreachReport.Touch t : r.records()) {
      out.append("  ")
          .append(t.kind())
          .append("  ")
          .append(t.action())
          .append("  ")
          .append(t.events())
          .append(" / ")
          .append(t.records())
          .append('\n');
    }
    list(out, "Actors", r.actorCount(), r.actors());
    list(out, "People concerned (accounts)", r.peopleCount(), r.people());
    list(out, "Households concerned", r.householdCount(), r.households());
    list(out, "Businesses concerned", r.businessCount(), r.businesses());
    if (r.listsTruncated()) {
      out.append("\nLists show the first ")
          .append(BreachReports.MAX_LISTED)
          .append(" ids; the counts are complete.\n");
    }
    return out.toString();
  }

  private static void list(StringBuilder out, String title, long count, List<UUID> ids) {
    out.append('\n').append(title).append(": ").append(count).append('\n');
    for (UUID id : ids) {
      out.append("  ").append(id).append('\n');
    }
  }
}
