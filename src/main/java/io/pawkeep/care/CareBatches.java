package io.pawkeep.care;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.care.CareLog.SyncItem;
import io.pawkeep.care.CareLog.SyncOutcome;
import io.pawkeep.care.CareRepository.Entry;
import io.pawkeep.care.CareRepository.Stored;
import io.pawkeep.care.CareRepository.Synced;
import io.pawkeep.care.CareRepository.Window;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Judges and stores one sync batch for {@link CareLog}: each item on its own, then the survivors in
 * one multi-row insert, in the caller's transaction. Within a batch, the first occurrence of a
 * client id counts; a later one with other content is a conflict.
 */
@Component
class CareBatches {

  /** The largest item payload, GPS track aside (tracks are bounded by their point count). */
  static final int MAX_ITEM_BYTES = 8 * 1024;

  static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);
  static final Duration MAX_AGE = Duration.ofDays(7);

  private static final String PHOTO = "photo";

  private static final Logger log = LoggerFactory.getLogger(CareBatches.class);

  private final CareRepository repository;
  private final AuditTrail trail;
  private final JsonMapper json;
  private final Clock clock;

  CareBatches(CareRepository repository, AuditTrail trail, JsonMapper json, Clock clock) {
    this.repository = repository;
    this.trail = trail;
    this.json = json;
    this.clock = clock;
  }

  /** Stores what is valid of the batch; answers each item in order. */
  List<SyncOutcome> store(UUID caller, List<SyncItem> items) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // Judged on its own first; what passes goes to the database, which returns the windows and,
    // for the items inside theirs, the stored entries: one round trip (DOM-6).
    String[] early = new String[items.size()];
    List<Entry> asked = new ArrayList<>();
    for (int k = 0; k < items.size(); k++) {
      SyncItem item = items.get(k);
      early[k] = judgeAlone(item, now);
      if (early[k] == null && !item.clientId().equals(item.supersedes())) {
        asked.add(
            new Entry(
                item.clientId(),
                item.bookingId(),
                null,
                null,
                item.kind(),
                item.deviceTime().truncatedTo(ChronoUnit.MICROS),
                json.writeValueAsString(item.payload()),
                item.supersedes()));
      }
    }
    CareRepository.Prepared prepared =
        repository.prepare(
            caller,
            items.stream().map(SyncItem::bookingId).filter(id -> id != null).distinct().toList(),
            asked);
    Map<UUID, Window> windows = prepared.windows();
    Map<UUID, Stored> stored = prepared.stored();
    SyncOutcome[] outcomes = new SyncOutcome[items.size()];
    Map<UUID, Entry> candidates = new LinkedHashMap<>();
    Map<UUID, List<Integer>> positions = new HashMap<>();
    for (int k = 0; k < items.size(); k++) {
      SyncItem item = items.get(k);
      Window window = item.bookingId() == null ? null : windows.get(item.bookingId());
      String reason = early[k] != null ? early[k] : judgeInWindow(item, window);
      if (reason != null) {
        outcomes[k] = SyncOutcome.rejected(item.clientId(), reason);
        continue;
      }
      Entry entry = entry(item, window);
      Entry first = candidates.putIfAbsent(entry.clientId(), entry);
      if (first != null && !same(first, entry)) {
        outcomes[k] = SyncOutcome.rejected(item.clientId(), "conflict");
        continue;
      }
      positions.computeIfAbsent(entry.clientId(), id -> new ArrayList<>()).add(k);
    }
    rejectUnknownPhotos(candidates, stored, outcomes, positions);
    rejectBadCorrections(candidates, stored, outcomes, positions);
    List<Entry> fresh = new ArrayList<>();
    for (Entry entry : candidates.values()) {
      Stored existing = stored.get(entry.clientId());
      if (existing == null) {
        fresh.add(entry);
        // Accepted if written, as the insert below normally does for every new entry.
        List<Integer> at = positions.get(entry.clientId());
        outcomes[at.get(0)] = new SyncOutcome(entry.clientId(), "accepted", null, now);
        for (int k : at.subList(1, at.size())) {
          outcomes[k] = new SyncOutcome(entry.clientId(), "duplicate", null, now);
        }
      } else {
        answer(outcomes, positions.get(entry.clientId()), entry.clientId(), existing);
      }
    }
    // One lock order for every batch, so two batches sharing ids never deadlock.
    fresh.sort(Comparator.comparing(Entry::clientId));
    // Written whole, the batch is audited by the same round trip; otherwise after the comparison.
    int written = repository.insert(caller, now, fresh, synced(items, outcomes, windows));
    if (written < fresh.size()) {
      Set<UUID> mine = new HashSet<>(repository.written(caller, now, fresh));
      List<Entry> lost = fresh.stream().filter(e -> !mine.contains(e.clientId())).toList();
      // A concurrent upload stored these first: compare with what it committed.
      Map<UUID, Stored> racing = repository.stored(caller, lost);
      for (Entry entry : lost) {
        answer(
            outcomes,
            positions.get(entry.clientId()),
            entry.clientId(),
            racing.get(entry.clientId()));
      }
      audit(caller, synced(items, outcomes, windows));
    }
    List<SyncOutcome> answers = List.of(outcomes);
    log.info("User {} synced {} care actions", caller, items.size());
    return answers;
  }

  /** Why the item is rejected on its own, before its booking is read, or {@code null}. */
  private String judgeAlone(SyncItem item, Instant now) {
    if (item.deviceTime() == null
        || item.bookingId() == null
        || !CarePayloads.knownKind(item.kind())
        || !CarePayloads.valid(item.kind(), item.payload())) {
      return "invalid_payload";
    }
    if (size(item.payload()) > MAX_ITEM_BYTES) {
      return "too_large";
    }
    if (item.deviceTime().isAfter(now.plus(MAX_CLOCK_AHEAD))) {
      return "device_time_in_future";
    }
    if (item.deviceTime().isBefore(now.minus(MAX_AGE))) {
      return "too_old";
    }
    return null;
  }

  /**
   * Why an item {@link #judgeAlone} passed is rejected with its booking's window, or {@code null}.
   * The database keeps the same items for the look-up (pawkeep_care_sync_prepare): in the window,
   * and not superseding itself.
   */
  private static String judgeInWindow(SyncItem item, Window window) {
    if (window == null) {
      return "unknown_booking";
    }
    if (!window.open(item.deviceTime())) {
      return "not_assigned";
    }
    if (item.clientId().equals(item.supersedes())) {
      return "invalid_supersedes";
    }
    return null;
  }

  private int size(JsonNode payload) {
    JsonNode rest = payload;
    if (payload.has("track")) {
      rest = ((ObjectNode) payload.deepCopy()).without("track");
    }
    return json.writeValueAsString(rest).getBytes(StandardCharsets.UTF_8).length;
  }

  private Entry entry(SyncItem item, Window window) {
    JsonNode payload = item.payload();
    if (!window.recordTracks() && payload.has("track")) {
      // The business keeps no tracks: the walk is stored without one.
      payload = ((ObjectNode) payload.deepCopy()).without("track");
    }
    return new Entry(
        item.clientId(),
        item.bookingId(),
        window.businessId(),
        window.householdId(),
        item.kind(),
        item.deviceTime().truncatedTo(ChronoUnit.MICROS),
        json.writeValueAsString(payload),
        item.supersedes());
  }

  private boolean same(Entry a, Entry b) {
    return a.bookingId().equals(b.bookingId())
        && a.kind().equals(b.kind())
        && a.deviceTime().equals(b.deviceTime())
        && Objects.equals(a.supersedes(), b.supersedes())
        && json.readTree(a.payload()).equals(json.readTree(b.payload()));
  }

  /**
   * A new photo entry must name a photo its author uploaded to the same visit (DOM-6; the care
   * rules check it again on insert). Judged after the stored entries are read, so an entry stored
   * before the rule (a free-text reference) is still answered as a duplicate when replayed.
   */
  private void rejectUnknownPhotos(
      Map<UUID, Entry> candidates,
      Map<UUID, Stored> stored,
      SyncOutcome[] outcomes,
      Map<UUID, List<Integer>> positions) {
    Map<UUID, UUID> named = new HashMap<>();
    for (Entry e : candidates.values()) {
      if (PHOTO.equals(e.kind()) && !stored.containsKey(e.clientId())) {
        named.put(e.clientId(), photoRef(e));
      }
    }
    if (named.isEmpty()) {
      return;
    }
    Map<UUID, UUID> bookingOf =
        repository.visitPhotos(named.values().stream().filter(Objects::nonNull).toList());
    for (var it = candidates.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (named.containsKey(e.clientId())
          && !e.bookingId().equals(bookingOf.get(named.get(e.clientId())))) {
        for (int k : positions.remove(e.clientId())) {
          outcomes[k] = SyncOutcome.rejected(e.clientId(), "unknown_photo");
        }
        it.remove();
      }
    }
  }

  /** The photo an entry names, or {@code null} when its reference is no photo id at all. */
  private UUID photoRef(Entry entry) {
    String ref = json.readTree(entry.payload()).path("photoRef").asString("");
    return CarePayloads.uuid(ref) ? UUID.fromString(ref) : null;
  }

  /**
   * A correction must supersede an entry of the same booking: stored already, or new in this batch
   * (the insert checks the pair again with a foreign key).
   */
  private void rejectBadCorrections(
      Map<UUID, Entry> candidates,
      Map<UUID, Stored> stored,
      SyncOutcome[] outcomes,
      Map<UUID, List<Integer>> positions) {
    List<UUID> targets =
        candidates.values().stream()
            .map(Entry::supersedes)
            .filter(id -> id != null && !candidates.containsKey(id))
            .distinct()
            .toList();
    Map<UUID, UUID> bookingOf = targets.isEmpty() ? Map.of() : repository.bookingsOf(targets);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (var it = candidates.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.supersedes() == null || stored.containsKey(e.clientId())) {
          continue;
        }
        Entry inBatch = candidates.get(e.supersedes());
        Stored target = stored.get(e.supersedes());
        UUID booking =
            inBatch != null
                ? (target == null || target.same() ? inBatch.bookingId() : null)
                : bookingOf.get(e.supersedes());
        if (!e.bookingId().equals(booking)) {
          for (int k : positions.remove(e.clientId())) {
            outcomes[k] = SyncOutcome.rejected(e.clientId(), "invalid_supersedes");
          }
          it.remove();
          changed = true;
        }
      }
    }
  }

  private static void answer(
      SyncOutcome[] outcomes, List<Integer> at, UUID clientId, Stored existing) {
    for (int k : at) {
      outcomes[k] =
          existing != null && existing.same()
              ? new SyncOutcome(clientId, "duplicate", null, existing.receivedAt())
              : SyncOutcome.rejected(clientId, "conflict");
    }
  }

  /** The counts per business of the batch's answers, audited with counts only (never contents). */
  private static List<Synced> synced(
      List<SyncItem> items, SyncOutcome[] outcomes, Map<UUID, Window> windows) {
    Map<UUID, Map<String, Integer>> counts = new LinkedHashMap<>();
    for (int k = 0; k < items.size(); k++) {
      Window window =
          items.get(k).bookingId() == null ? null : windows.get(items.get(k).bookingId());
      if (window != null) {
        counts
            .computeIfAbsent(window.businessId(), id -> new LinkedHashMap<>())
            .merge(outcomes[k].outcome(), 1, Integer::sum);
      }
    }
    List<Synced> synced = new ArrayList<>();
    counts.forEach(
        (business, byOutcome) ->
            synced.add(
                new Synced(
                    business,
                    byOutcome.getOrDefault("accepted", 0),
                    byOutcome.getOrDefault("duplicate", 0),
                    byOutcome.getOrDefault("rejected", 0))));
    return synced;
  }

  /** One event per business of the batch (the same pawkeep_care_sync_insert appends). */
  private void audit(UUID caller, List<Synced> synced) {
    for (Synced s : synced) {
      trail.record(
          new AuditEvent(
              s.businessId(),
              caller,
              "care.synced",
              "business",
              s.businessId().toString(),
              null,
              Map.of(
                  "accepted", s.accepted(),
                  "duplicate", s.duplicate(),
                  "rejected", s.rejected())));
    }
  }
}
