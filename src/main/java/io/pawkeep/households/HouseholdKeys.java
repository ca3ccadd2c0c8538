package io.pawkeep.households;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Instants;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Physical key custody: keys registered per household (label, copies), each copy handed over to a
 * person and returned, with the whole history kept. Members see it; owners record it.
 */
@Service
@Transactional
public class HouseholdKeys {

  /** A key, how many copies exist and who holds them now. */
  record Key(UUID id, String label, int copies, List<Handover> history) {}

  /** One handover: to whom, by whom, when, and when it came back. */
  record Handover(
      UUID id,
      String holderName,
      UUID holderId,
      UUID handedBy,
      Instant handedAt,
      Instant returnedAt) {}

  /** A key as its own page shows it: which household, its label and copies. */
  record KeyInfo(UUID id, UUID householdId, String label, int copies) {}

  /** Handovers listed with each key; more than copies can ever be out at once (20). */
  static final int RECENT_HANDOVERS = 20;

  private final JdbcClient jdbc;
  private final HouseholdRepository households;
  private final AuditTrail trail;
  private final Clock clock;

  HouseholdKeys(JdbcClient jdbc, HouseholdRepository households, AuditTrail trail, Clock clock) {
    this.jdbc = jdbc;
    this.households = households;
    this.trail = trail;
    this.clock = clock;
  }

  Key register(UUID caller, UUID householdId, String label, int copies) {
    requireOwner(caller, householdId);
    String clean = label == null ? "" : label.strip();
    if (clean.isEmpty() || clean.length() > 100 || copies < 1 || copies > 20) {
      throw ApiProblem.badRequest("label must have 1 to 100 characters and copies be 1 to 20.");
    }
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into household_keys (id, household_id, label, copies, created_at)"
                + " values (:id, :householdId, :clean, :copies, :now)")
        .param("id", id)
        .param("householdId", householdId)
        .param("clean", clean)
        .param("copies", copies)
        .param("now", Instants.timestamp(clock.instant()))
        .update();
    record(householdId, caller, "key.registered", id, Map.of("copies", copies));
    return new Key(id, clean, copies, List.of());
  }

  /**
   * One page of the household's keys, oldest first (HARD-8), each with its recent handovers: the
   * copies out now first, then the latest returned ones, {@value #RECENT_HANDOVERS} at most (a key
   * has at most 20 copies, so every copy out is listed). Two queries per page; the whole history of
   * a key is {@link #handovers}.
   */
  @Transactional(readOnly = true)
  public Page<Key> list(UUID caller, UUID householdId, PageRequest page) {
    households.find(householdId, caller, false).orElseThrow(ApiProblem::notFound);
    Seek after = page.seek(SortKey.ascending(SortKey.instant("created_at"), SortKey.uuid("id")));
    List<KeyPosition> rows =
        jdbc.sql(
                "select id, label, copies, created_at from household_keys"
                    + " where household_id = :householdId"
                    + after.and()
                    + " order by created_at, id limit :fetch")
            .param("householdId", householdId)
            .params(after.params())
            .query(
                (rs, n) ->
                    new KeyPosition(
                        rs.getObject("id", UUID.class),
                        rs.getString("label"),
                        rs.getInt("copies"),
                        Instants.from(rs, "created_at")))
            .list();
    Page<KeyPosition> keys =
        Page.of(rows, page, k -> Cursor.of(page.list(), k.createdAt(), k.id()));
    Map<UUID, List<Handover>> histories =
        byKey(recent(householdId, keys.items().stream().map(KeyPosition::id).toList()));
    return keys.map(
        k -> new Key(k.id(), k.label(), k.copies(), histories.getOrDefault(k.id(), List.of())));
  }

  /**
   * Every key of the household with its handover history (the newest 1000 handovers), for the
   * household's export: two queries, whatever the count.
   */
  @Transactional(readOnly = true)
  public List<Key> list(UUID caller, UUID householdId) {
    households.find(householdId, caller, false).orElseThrow(ApiProblem::notFound);
    Map<UUID, List<Handover>> histories = byKey(history(householdId));
    return jdbc.sql(
            "select id, label, copies from household_keys where household_id = :householdId"
                + " order by created_at, id")
        .param("householdId", householdId)
        .query(
            (rs, n) -> {
              UUID id = rs.getObject("id", UUID.class);
              return new Key(
                  id,
                  rs.getString("label"),
                  rs.getInt("copies"),
                  histories.getOrDefault(id, List.of()));
            })
        .list();
  }

  /** The handovers of each key, in the order of {@code rows}. */
  private static Map<UUID, List<Handover>> byKey(List<HandoverRow> rows) {
    return rows.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                HandoverRow::keyId,
                java.util.stream.Collectors.mapping(
                    HandoverRow::handover, java.util.stream.Collectors.toList())));
  }

  /** One page of a key's whole handover history, newest first (members; HARD-8). */
  @Transactional(readOnly = true)
  Page<Handover> handovers(UUID caller, UUID keyId, PageRequest page) {
    KeyRow key = key(keyId);
    households.find(key.householdId(), caller, false).orElseThrow(ApiProblem::notFound);
    Seek after = page.seek(SortKey.descending(SortKey.instant("handed_at"), SortKey.uuid("id")));
    List<HandoverRow> rows =
        jdbc.sql(
                "select key_id, id, holder_name, holder_id, handed_by, handed_at, returned_at"
                    + " from key_handovers where household_id = :householdId and key_id = :keyId"
                    + after.and()
                    + " order by handed_at desc, id desc limit :fetch")
            .param("householdId", key.householdId())
            .param("keyId", keyId)
            .params(after.params())
            .query(HouseholdKeys::handoverRow)
            .list();
    return Page.of(
            rows, page, r -> Cursor.of(page.list(), r.handover().handedAt(), r.handover().id()))
        .map(HandoverRow::handover);
  }

  /** The key, for a member of its household; 404 for anyone else, as for a missing key. */
  @Transactional(readOnly = true)
  KeyInfo describe(UUID caller, UUID keyId) {
    KeyRow key = key(keyId);
    households.find(key.householdId(), caller, false).orElseThrow(ApiProblem::notFound);
    return new KeyInfo(keyId, key.householdId(), key.label(), key.copies());
  }

  /** Hands a copy to a person; refused when every copy is already out. */
  Handover handOver(UUID caller, UUID keyId, String holderName, UUID holderId) {
    KeyRow key = key(keyId);
    requireOwner(caller, key.householdId());
    // Serialise handovers of one household, so copies out never exceed copies made.
    households.find(key.householdId(), caller, true);
    String name = holderName == null ? "" : holderName.strip();
    if (name.isEmpty() || name.length() > 100) {
      throw ApiProblem.badRequest("holderName must have 1 to 100 characters.");
    }
    long out =
        jdbc.sql("select count(*) from key_handovers where key_id = :keyId and returned_at is null")
            .param("keyId", keyId)
            .query(Long.class)
            .single();
    if (out >= key.copies()) {
      throw ApiProblem.conflict("Every copy of this key is already handed over.");
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into key_handovers (id, key_id, household_id, holder_name, holder_id,
                                       handed_by, handed_at)
            values (:id, :keyId, :householdId, :name, :holderId, :caller, :now)
            """)
        .param("id", id)
        .param("keyId", keyId)
        .param("householdId", key.householdId())
        .param("name", name)
        .param("holderId", holderId)
        .param("caller", caller)
        .param("now", Instants.timestamp(now))
        .update();
    record(key.householdId(), caller, "key.handed_over", keyId, Map.of("handover", id.toString()));
    return new Handover(id, name, holderId, caller, now, null);
  }

  /** Records the return of the copy held under {@code handoverId}. */
  void giveBack(UUID caller, UUID keyId, UUID handoverId) {
    KeyRow key = key(keyId);
    requireOwner(caller, key.householdId());
    int returned =
        jdbc.sql(
                "update key_handovers set returned_at = :now, received_by = :caller"
                    + " where id = :handoverId and key_id = :keyId and returned_at is null")
            .param("now", Instants.timestamp(clock.instant()))
            .param("caller", caller)
            .param("handoverId", handoverId)
            .param("keyId", keyId)
            .update();
    if (returned != 1) {
      throw ApiProblem.notFound();
    }
    record(
        key.householdId(),
        caller,
        "key.returned",
        keyId,
        Map.of("handover", handoverId.toString()));
  }

  private record KeyRow(UUID householdId, int copies, String label) {}

  private KeyRow key(UUID keyId) {
    return jdbc.sql("select household_id, copies, label from household_keys where id = :keyId")
        .param("keyId", keyId)
        .query((rs, n) -> new KeyRow(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3)))
        .optional()
        .orElseThrow(ApiProblem::notFound);
  }

  private record HandoverRow(UUID keyId, Handover handover) {}

  private record KeyPosition(UUID id, String label, int copies, Instant createdAt) {}

  private List<HandoverRow> history(UUID householdId) {
    return jdbc.sql(
            """
            select key_id, id, holder_name, holder_id, handed_by, handed_at, returned_at
              from key_handovers where household_id = :householdId
             order by handed_at desc limit 1000
            """)
        .param("householdId", householdId)
        .query(HouseholdKeys::handoverRow)
        .list();
  }

  /** The recent handovers of the given keys, copies out first: one query. */
  private List<HandoverRow> recent(UUID householdId, List<UUID> keyIds) {
    if (keyIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select key_id, id, holder_name, holder_id, handed_by, handed_at, returned_at
              from (select h.*,
                           row_number() over (partition by key_id
                                              order by returned_at is not null,
                                                       handed_at desc, id desc) as n
                      from key_handovers h
                     where household_id = :householdId and key_id = any (:keyIds)) recent
             where n <= :recentHandovers
             order by key_id, n
            """)
        .param("householdId", householdId)
        .param("keyIds", keyIds.toArray(UUID[]::new))
        .param("recentHandovers", RECENT_HANDOVERS)
        .query(HouseholdKeys::handoverRow)
        .list();
  }

  private static HandoverRow handoverRow(ResultSet rs, int n) throws SQLException {
    return new HandoverRow(
        rs.getObject("key_id", UUID.class),
        new Handover(
            rs.getObject("id", UUID.class),
            rs.getString("holder_name"),
            rs.getObject("holder_id", UUID.class),
            rs.getObject("handed_by", UUID.class),
            Instants.from(rs, "handed_at"),
            Instants.from(rs, "returned_at")));
  }

  private void requireOwner(UUID caller, UUID householdId) {
    if (!households.find(householdId, caller, false).orElseThrow(ApiProblem::notFound).isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
  }

  private void record(
      UUID householdId, UUID actor, String action, UUID keyId, Map<String, Object> detail) {
    trail.record(new AuditEvent(householdId, actor, action, "key", keyId.toString(), null, detail));
  }
}
