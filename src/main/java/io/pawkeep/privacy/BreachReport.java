package io.pawkeep.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an incident window touched, from the audit trail (PRIV-4), with what a GDPR Art. 33
 * notification asks for. Lists of ids are capped at {@link BreachReports#MAX_LISTED}; the counts
 * are exact.
 */
record BreachReport(
    Window window,
    Filters filters,
    long events,
    long actorCount,
    List<UUID> actors,
    long peopleCount,
    List<UUID> people,
    long householdCount,
    List<UUID> households,
    long businessCount,
    List<UUID> businesses,
    long addressCount,
    List<Touch> records,
    boolean listsTruncated,
    Notification notification) {

  record Window(Instant from, Instant to) {}

  record Filters(UUID actor, UUID account, String address) {}

  /** Events of one action on one kind of record, and how many distinct records. */
  record Touch(String kind, String action, long events, long records) {}

  /** The fields of an Art. 33(3) notification; what only a person can judge is left to fill. */
  record Notification(
      String natureOfBreach,
      List<String> categoriesOfDataSubjects,
      long approximateDataSubjects,
      List<String> categoriesOfRecords,
      long approximateRecords,
      String timeWindow,
      String likelyConsequences,
      String measuresTakenOrProposed,
      String contact) {}
}
