package io.pawkeep.care;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.bookings.Bookings;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The care log (DOM-6, AVAIL-3). Staff assigned to a booking record what they did on a phone,
 * offline, and upload batches later. Each item carries a client-generated id: storing it again with
 * identical content answers {@code duplicate} and writes nothing; different content under the same
 * id is a {@code conflict}. An item is accepted only if its author is the booking's assignee
 * holding care.log and its device time lies inside the assignment window (AUTHZ-5), not more than
 * {@link CareBatches#MAX_CLOCK_AHEAD} ahead of the server and not older than {@link
 * CareBatches#MAX_AGE}. Entries are never changed: a correction is a new entry that supersedes an
 * earlier one of the same booking.
 *
 * <p>The log of a booking is read by whoever sees the booking; the household sees walks' GPS tracks
 * and the check-in and check-out pins only if the business lets clients see them (DOM-9).
 */
@Service
@Transactional
public class CareLog {

  /** The most items in one batch; a larger batch is refused as a whole (413). */
  static final int MAX_BATCH = 500;

  /**
   * A batch as the phone uploads it, to the API or to the visit app: items are judged one by one;
   * only a missing client id fails the whole batch (400).
   */
  public record SyncBatch(@NotNull List<@NotNull @Valid SyncItem> items) {}

  /** One care action as the phone uploads it. */
  public record SyncItem(
      @NotNull UUID clientId,
      Instant deviceTime,
      UUID bookingId,
      String kind,
      JsonNode payload,
      UUID supersedes) {}

  /** What became of an item: {@code accepted}, {@code duplicate} or {@code rejected}. */
  public record SyncOutcome(UUID clientId, String outcome, String reason, Instant receivedAt) {

    static SyncOutcome rejected(UUID clientId, String reason) {
      return new SyncOutcome(clientId, "rejected", reason, null);
    }
  }

  /** One entry of a booking's log. */
  record CareActionView(
      UUID id,
      String kind,
      UUID authorId,
      Instant deviceTime,
      Instant receivedAt,
      JsonNode payload,
      UUID supersedes) {}

  /** A business's care settings. */
  record CareSettings(boolean recordTracks, boolean clientsSeeTracks) {}

  private final CareBatches batches;
  private final CareRepository repository;
  private final Businesses businesses;
  private final Bookings bookings;
  private final AuditTrail trail;
  private final JsonMapper json;
  private final Clock clock;

  CareLog(
      CareBatches batches,
      CareRepository repository,
      Businesses businesses,
      Bookings bookings,
      AuditTrail trail,
      JsonMapper json,
      Clock clock) {
    this.batches = batches;
    this.repository = repository;
    this.businesses = businesses;
    this.bookings = bookings;
    this.trail = trail;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Stores a batch and answers each item in order. One invalid item never fails the batch; a batch
   * over {@link #MAX_BATCH} items is refused whole.
   */
  public List<SyncOutcome> sync(UUID caller, List<SyncItem> items) {
    if (items.size() > MAX_BATCH) {
      throw new ApiProblem(
          HttpStatus.CONTENT_TOO_LARGE,
          "payload-too-large",
          "Payload too large",
          "A batch holds at most " + MAX_BATCH + " items.");
    }
    return batches.store(caller, items);
  }

  /** One page of the booking's log (HARD-8): 404 when the caller may not see the booking. */
  @Transactional(readOnly = true)
  Page<CareActionView> log(UUID caller, UUID bookingId, PageRequest page) {
    UUID businessId = bookings.businessOf(bookingId).orElseThrow(ApiProblem::notFound);
    List<CareRepository.LogRow> rows = repository.log(bookingId, businessId, page);
    return Page.of(rows, page, row -> Cursor.of(page.list(), row.deviceTime(), row.clientId()))
        .map(
            row ->
                new CareActionView(
                    row.clientId(),
                    row.kind(),
                    row.authorId(),
                    row.deviceTime(),
                    row.receivedAt(),
                    json.readTree(row.payload()),
                    row.supersedes()));
  }

  /**
   * Whether each of the caller's businesses records walks' GPS tracks, in one query; a business
   * without settings records them. For the walker's visit app, which starts a track only then.
   */
  @Transactional(readOnly = true)
  public Map<UUID, Boolean> recordsTracks(List<UUID> businessIds) {
    return repository.recordsTracks(businessIds);
  }

  /** The business's care settings (any of its staff). */
  @Transactional(readOnly = true)
  CareSettings settings(UUID caller, UUID businessId) {
    businesses.get(caller, businessId);
    return repository.settings(businessId);
  }

  /** Changes the business's care settings (settings.manage). */
  CareSettings changeSettings(UUID caller, UUID businessId, CareSettings settings) {
    businesses.requirePermission(caller, businessId, "settings.manage");
    repository.saveSettings(
        businessId, settings.recordTracks(), settings.clientsSeeTracks(), clock.instant());
    trail.record(
        new AuditEvent(
            businessId,
            caller,
            "care.settings_changed",
            "business",
            businessId.toString(),
            null,
            Map.of(
                "recordTracks",
                settings.recordTracks(),
                "clientsSeeTracks",
                settings.clientsSeeTracks())));
    return settings;
  }
}
