package io.pawkeep.care;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the care log. A sync batch costs a fixed number of statements whatever its size: its
 * bookings' windows, its client ids locked and the entries stored under them in one call, one
 * multi-row insert with the audit event in another, and two more after a lost race. Row-level
 * security limits every statement to what the caller may see or write.
 */
@Repository
class CareRepository {

  /** A booking of the batch as the caller's business sees it; no window when not its assignee. */
  record Window(
      UUID bookingId,
      UUID businessId,
      UUID householdId,
      Instant from,
      Instant to,
      boolean recordTracks) {

    boolean open(Instant deviceTime) {
      return from != null && !deviceTime.isBefore(from) && deviceTime.isBefore(to);
    }
  }

  /** An entry ready to store, its payload as JSON text. */
  record Entry(
      UUID clientId,
      UUID bookingId,
      UUID businessId,
      UUID householdId,
      String kind,
      Instant deviceTime,
      String payload,
      UUID supersedes) {}

  /** A stored entry with the same client id as an incoming one; {@code same} if identical. */
  record Stored(UUID clientId, UUID bookingId, Instant receivedAt, boolean same) {}

  /** The counts of a batch's answers for one business, audited as care.synced (LOG-1). */
  record Synced(UUID businessId, int accepted, int duplicate, int rejected) {}

  /** A row of a booking's log. */
  record LogRow(
      UUID clientId,
      String kind,
      UUID authorId,
      Instant deviceTime,
      Instant receivedAt,
      String payload,
      UUID supersedes) {}

  private final JdbcClient jdbc;

  CareRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What the sync reads of a batch before judging it: its bookings' windows, stored entries. */
  record Prepared(Map<UUID, Window> windows, Map<UUID, Stored> stored) {}

  /**
   * A batch's bookings' windows, then its client ids locked and the entries stored under them, in
   * one round trip ({@code pawkeep_care_sync_prepare}). {@code items} are the batch's items not
   * refused on their own, their payload as sent (their business and household unknown yet); the
   * database keeps, of each client id, the first item whose device time falls inside its booking's
   * window, drops its track when the business records none, and then locks and compares exactly as
   * {@link #stored} does. A batch sharing ids with a concurrent one waits for it to commit, then
   * judges its items against what the other stored (DOM-6).
   */
  Prepared prepare(UUID author, List<UUID> bookings, List<Entry> items) {
    Map<UUID, Window> windows = new HashMap<>();
    Map<UUID, Stored> stored = new HashMap<>();
    Map<String, Object> arrays = arrays(items);
    jdbc.sql(
            "select booking_id, business_id, household_id, window_from, window_to, record_tracks,"
                + " client_id, received_at, same from pawkeep_care_sync_prepare(:author,"
                + " cast(:asked as uuid[]), cast(:clientIds as uuid[]), cast(:bookings as uuid[]),"
                + " cast(:kinds as text[]), cast(:deviceTimes as text[]),"
                + " cast(:payloads as text[]), cast(:supersedes as uuid[]))")
        .param("author", author)
        .param("asked", bookings.toArray(UUID[]::new))
        .params(arrays)
        .query(
            (ResultSet rs) -> {
              UUID clientId = rs.getObject(7, UUID.class);
              if (clientId == null) {
                Window w =
                    new Window(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        Instants.from(rs, 4),
                        Instants.from(rs, 5),
                        rs.getBoolean(6));
                windows.put(w.bookingId(), w);
              } else {
                stored.put(
                    clientId,
                    new Stored(
                        clientId,
                        rs.getObject(1, UUID.class),
                        Instants.from(rs, 8),
                        rs.getBoolean(9)));
              }
            });
    return new Prepared(windows, stored);
  }

  /** The booking of each stored entry among {@code clientIds} the caller may see. */
  Map<UUID, UUID> bookingsOf(List<UUID> clientIds) {
    Map<UUID, UUID> bookings = new HashMap<>();
    // Their claims name the booking (one unpartitioned row per id, shown with its entry only).
    jdbc.sql("select client_id, booking_id from care_action_ids where client_id = any (:clientIds)")
        .param("clientIds", clientIds.toArray(UUID[]::new))
        .query(
            (ResultSet rs) -> {
              bookings.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
            });
    return bookings;
  }

  /**
   * The booking of each of the caller's own visit photos among {@code photoIds} (not in the bin):
   * what a care log photo may name. Read through a function of the care rules, which reads the
   * documents' metadata, so the care module needs no Java dependency on the documents module.
   */
  Map<UUID, UUID> visitPhotos(List<UUID> photoIds) {
    Map<UUID, UUID> photos = new HashMap<>();
    if (photoIds.isEmpty()) {
      return photos;
    }
    jdbc.sql("select id, booking_id from pawkeep_my_visit_photos(cast(:photoIds as uuid[]))")
        .param("photoIds", photoIds.toArray(UUID[]::new))
        .query(
            (ResultSet rs) -> {
              photos.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
            });
    return photos;
  }

  /**
   * Locks the client ids of {@code entries} until the transaction ends, then reads the stored
   * entries with those ids, compared with them in the database; one round trip ({@code
   * pawkeep_care_sync_stored}; {@link #prepare} does the same for a whole batch, this one serves
   * the comparison after a lost race). A batch sharing ids with a concurrent one waits for it to
   * commit, then judges its items against what the other stored: without the locks, a correction
   * whose target lost the race to a conflicting upload failed its foreign key at the insert and the
   * whole batch answered 500 (DOM-6). Locking again ids already held costs nothing.
   */
  Map<UUID, Stored> stored(UUID author, List<Entry> entries) {
    Map<UUID, Stored> stored = new HashMap<>();
    if (entries.isEmpty()) {
      return stored;
    }
    Map<String, Object> arrays = arrays(entries);
    jdbc.sql(
            "select client_id, booking_id, received_at, same from pawkeep_care_sync_stored("
                + ":author, cast(:clientIds as uuid[]), cast(:bookings as uuid[]),"
                + " cast(:kinds as text[]), cast(:deviceTimes as text[]),"
                + " cast(:payloads as text[]), cast(:supersedes as uuid[]))")
        .param("author", author)
        .params(arrays)
        .query(
            (ResultSet rs) -> {
              Stored s =
                  new Stored(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      Instants.from(rs, 3),
                      rs.getBoolean(4));
              stored.put(s.clientId(), s);
            });
    return stored;
  }

  /**
   * Inserts the entries in one statement and, when every one was written, appends {@code synced} to
   * the audit trail in the same round trip ({@code pawkeep_care_sync_insert}); returns how many
   * rows it wrote. When fewer were written, nothing is audited: the caller reads back which ({@link
   * #written}) and audits what it then answers. Without a RETURNING clause: one would make the
   * database check every written row against the log's read policies too, two more permission
   * lookups per batch, for rows their author always reads (issue 15).
   */
  int insert(UUID author, Instant receivedAt, List<Entry> entries, List<Synced> synced) {
    Map<String, Object> arrays = arrays(entries);
    return jdbc.sql(
            "select pawkeep_care_sync_insert(:author, :receivedAt, cast(:clientIds as uuid[]),"
                + " cast(:bookings as uuid[]), cast(:businesses as uuid[]),"
                + " cast(:households as uuid[]), cast(:kinds as text[]),"
                + " cast(:deviceTimes as text[]), cast(:payloads as text[]),"
                + " cast(:supersedes as uuid[]), cast(:audited as uuid[]),"
                + " cast(:accepted as integer[]), cast(:duplicate as integer[]),"
                + " cast(:rejected as integer[]))")
        .param("author", author)
        .param("receivedAt", Instants.timestamp(receivedAt))
        .params(arrays)
        .param("audited", synced.stream().map(Synced::businessId).toArray(UUID[]::new))
        .param("accepted", synced.stream().map(Synced::accepted).toArray(Integer[]::new))
        .param("duplicate", synced.stream().map(Synced::duplicate).toArray(Integer[]::new))
        .param("rejected", synced.stream().map(Synced::rejected).toArray(Integer[]::new))
        .query(Integer.class)
        .single();
  }

  /**
   * The client ids among {@code entries} that {@link #insert} wrote, after it skipped some (their
   * client id taken by an entry the caller could not see, or by a racing upload).
   */
  List<UUID> written(UUID author, Instant receivedAt, List<Entry> entries) {
    // The caller's rows with this receipt time: the ids are locked (stored) and any entry of
    // theirs with one of them was read before, so these are exactly the rows just written.
    return jdbc.sql(
            "select client_id from care_actions where client_id = any (:clientIds)"
                + " and author_id = :author and received_at = :receivedAt")
        .param("clientIds", entries.stream().map(Entry::clientId).toArray(UUID[]::new))
        .param("author", author)
        .param("receivedAt", Instants.timestamp(receivedAt))
        .query(UUID.class)
        .list();
  }

  /**
   * One page of the log of a booking of {@code businessId} the caller sees, in (device time, client
   * id) order from {@code page}'s position. The bookings module has already answered whether the
   * caller sees the booking; row-level security limits the entries again.
   */
  List<LogRow> log(UUID bookingId, UUID businessId, PageRequest page) {
    Seek after =
        page.seek(SortKey.ascending(SortKey.instant("c.device_time"), SortKey.uuid("c.client_id")));
    return jdbc.sql(
            """
            select c.client_id, c.kind, c.author_id, c.device_time, c.received_at,
                   case when cast(:businessId as uuid) = any (pawkeep_my_businesses())
                             or coalesce((select s.clients_see_tracks from care_settings s
                                           where s.business_id = :businessId), false)
                        then c.payload else c.payload - 'track' - 'pin' end,
                   c.supersedes
              from care_actions c
             where c.booking_id = :bookingId"""
                + after.and()
                + """

             order by c.device_time, c.client_id
             limit :fetch
            """)
        .param("bookingId", bookingId)
        .param("businessId", businessId)
        .params(after.params())
        .query(
            (rs, n) ->
                new LogRow(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getObject(3, UUID.class),
                    Instants.from(rs, 4),
                    Instants.from(rs, 5),
                    rs.getString(6),
                    rs.getObject(7, UUID.class)))
        .list();
  }

  /** The business's settings; without a row, tracks are recorded and clients do not see them. */
  CareLog.CareSettings settings(UUID businessId) {
    return jdbc.sql(
            "select record_tracks, clients_see_tracks from care_settings"
                + " where business_id = :businessId")
        .param("businessId", businessId)
        .query((rs, n) -> new CareLog.CareSettings(rs.getBoolean(1), rs.getBoolean(2)))
        .optional()
        .orElse(new CareLog.CareSettings(true, false));
  }

  /** {@link #settings}' record_tracks of each business, in one query. */
  Map<UUID, Boolean> recordsTracks(List<UUID> businessIds) {
    Map<UUID, Boolean> tracks = new HashMap<>();
    businessIds.forEach(id -> tracks.put(id, true));
    if (businessIds.isEmpty()) {
      return tracks;
    }
    jdbc.sql(
            "select business_id, record_tracks from care_settings"
                + " where business_id = any (:businessIds)")
        .param("businessIds", businessIds.toArray(UUID[]::new))
        .query(
            (ResultSet rs) -> {
              tracks.put(rs.getObject(1, UUID.class), rs.getBoolean(2));
            });
    return tracks;
  }

  void saveSettings(UUID businessId, boolean recordTracks, boolean clientsSeeTracks, Instant now) {
    jdbc.sql(
            """
            insert into care_settings (business_id, record_tracks, clients_see_tracks, updated_at)
            values (:businessId, :recordTracks, :clientsSeeTracks, :now)
            on conflict (business_id) do update
               set record_tracks = excluded.record_tracks,
                   clients_see_tracks = excluded.clients_see_tracks,
                   updated_at = excluded.updated_at
            """)
        .param("businessId", businessId)
        .param("recordTracks", recordTracks)
        .param("clientsSeeTracks", clientsSeeTracks)
        .param("now", Instants.timestamp(now))
        .update();
  }

  /** The entries' columns as eight arrays, by name. */
  private static Map<String, Object> arrays(List<Entry> entries) {
    int n = entries.size();
    UUID[] clientIds = new UUID[n];
    UUID[] bookings = new UUID[n];
    UUID[] businesses = new UUID[n];
    UUID[] households = new UUID[n];
    String[] kinds = new String[n];
    String[] deviceTimes = new String[n];
    String[] payloads = new String[n];
    UUID[] supersedes = new UUID[n];
    for (int k = 0; k < n; k++) {
      Entry e = entries.get(k);
      clientIds[k] = e.clientId();
      bookings[k] = e.bookingId();
      businesses[k] = e.businessId();
      households[k] = e.householdId();
      kinds[k] = e.kind();
      deviceTimes[k] = e.deviceTime().toString();
      payloads[k] = e.payload();
      supersedes[k] = e.supersedes();
    }
    return Map.of(
        "clientIds", clientIds,
        "bookings", bookings,
        "businesses", businesses,
        "households", households,
        "kinds", kinds,
        "deviceTimes", deviceTimes,
        "payloads", payloads,
        "supersedes", supersedes);
  }
}
