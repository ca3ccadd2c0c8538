package io.pawkeep.bookings;

import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for bookings; row-level security limits every statement to what the caller may see. Each list
 * is one query: a booking's pets are an array column, its service joined in.
 */
@Repository
class BookingRepository {

  private static final String VIEW =
      """
      select b.id, b.business_id, b.household_id, b.service_id, s.kind, s.name, b.pet_ids,
             b.starts_at, b.ends_at, b.proposed_starts_at, b.proposed_ends_at, b.status, b.assignee_id, b.notes, b.cancel_reason,
             b.requested_by, b.requested_at, b.updated_at
        from bookings b left join business_services s on s.id = b.service_id
      """;
  // The bookings of a schedule's page, their services joined once the page is known.
  private static final String BOOKINGS =
      """
      select b.id, b.business_id, b.household_id, b.service_id, b.pet_ids, b.starts_at, b.ends_at,
             b.proposed_starts_at, b.proposed_ends_at, b.status, b.assignee_id, b.notes,
             b.cancel_reason, b.requested_by, b.requested_at, b.updated_at
        from bookings b
      """;
  // The caller's permissions in the business, one page of its schedule as they allow, then only
  // the names the page shows, in one statement (AUTHZ-1, AUTHZ-5). The permissions are computed
  // once, for the whole statement: a caller without bookings.read (not on the staff, no second
  // factor where the business requires one, a role without it) gets no rows, and the page is read
  // only for a caller who may see it. The names come from the businesses module's function, which
  // answers for these ids only, to holders of staff.manage (people) and clients.read (active client
  // households), with its own permission check. The page's services are read by id, once each.
  // Neither is read for an empty page: a page costs the same whatever the number of the
  // business's clients, staff and services.
  private static final String SCHEDULE =
      """
      with caller as materialized (
        select pawkeep_business_permissions(:businessId) as permissions),
      page as materialized (%s),
      services as materialized (
        select s.id, s.kind, s.name from business_services s
         where s.id = any (array(select distinct service_id from page))
           and exists (select 1 from page)),
      names as materialized (
        select * from pawkeep_business_names(:businessId,
                                             array(select assignee_id from page),
                                             array(select household_id from page))
         where exists (select 1 from page))
      select caller.permissions, page.*, s.kind, s.name, p.name as assignee_name,
             h.name as household_name
        from caller
        left join page on true
        left join services s on s.id = page.service_id
        left join names p on p.kind = 'person' and p.id = page.assignee_id
        left join names h on h.kind = 'household' and h.id = page.household_id
       order by page.starts_at, page.id
      """;
  // Who sees which rows of the page, from the permissions above: holders of bookings.read their own
  // assignments; holders of bookings.write any staff member's, or the whole business's.
  private static final String READS = "'bookings.read' = any (permissions)";
  private static final String WRITES = "'bookings.write' = any (permissions)";
  private static final String RANGE = " and b.starts_at < :to and b.ends_at > :from";
  private static final String STATUS = " and (cast(:status as text) is null or b.status = :status)";
  private static final String ORDER = " order by b.starts_at, b.id limit :fetch";

  private final JdbcClient jdbc;

  BookingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(BookingView b) {
    translate(
        () ->
            jdbc.sql(
                    """
                    insert into bookings (id, business_id, household_id, service_id, pet_ids,
                                          starts_at, ends_at, notes, requested_by, requested_at,
                                          updated_at)
                    values (:id, :businessId, :householdId, :serviceId, :petIds, :startsAt,
                        :endsAt, :notes, :requestedBy, :requestedAt, :updatedAt)
                    """)
                .param("id", b.id())
                .param("businessId", b.businessId())
                .param("householdId", b.householdId())
                .param("serviceId", b.serviceId())
                .param("petIds", b.petIds().toArray(UUID[]::new))
                .param("startsAt", Instants.timestamp(b.startsAt()))
                .param("endsAt", Instants.timestamp(b.endsAt()))
                .param("notes", b.notes())
                .param("requestedBy", b.requestedBy())
                .param("requestedAt", Instants.timestamp(b.requestedAt()))
                .param("updatedAt", Instants.timestamp(b.updatedAt()))
                .update());
  }

  /** The booking as the caller sees it; with {@code lock} its row stays locked. */
  Optional<BookingView> find(UUID id, boolean lock) {
    return jdbc.sql(VIEW + " where b.id = :id" + (lock ? " for update of b" : ""))
        .param("id", id)
        .query((rs, n) -> view(rs))
        .optional();
  }

  /** The business of the booking when the caller sees it; row-level security hides the rest. */
  Optional<UUID> businessOf(UUID id) {
    return jdbc.sql("select business_id from bookings where id = :id")
        .param("id", id)
        .query(UUID.class)
        .optional();
  }

  /** One page of the household's bookings in the range, by start time (HARD-8). */
  List<BookingView> ofHousehold(UUID householdId, Instant from, Instant to, PageRequest page) {
    return list(
        " where b.household_id = :householdId",
        Map.of("householdId", householdId),
        new Range(from, to, null),
        page);
  }

  /**
   * One page of the bookings of every household the caller belongs to (owner, member or sitter), by
   * start time, in one query; row-level security shows each household's bookings to its members
   * only (DOM-9, AUTHZ-4).
   */
  List<BookingView> ofMyHouseholds(Range range, PageRequest page) {
    return list(
        " where b.household_id = any (cast((select pawkeep_my_households()) as uuid[]))",
        Map.of(),
        range,
        page);
  }

  /** One page of a business's schedule and the caller's permissions there. */
  record Schedule(Set<String> permissions, List<ScheduledBooking> rows) {}

  /**
   * One page of the business's schedule with the names its view shows, and the caller's permissions
   * in the business, in one statement: the bookings of {@code assignee} for holders of
   * bookings.read when it is the caller, of bookings.write otherwise; without an assignee, the
   * whole business's for holders of bookings.write and the caller's own for other holders of
   * bookings.read. No rows for anyone else. Row-level security decides again on every row.
   */
  Schedule ofBusiness(UUID businessId, UUID caller, UUID assignee, Range range, PageRequest page) {
    Map<String, Object> params = new HashMap<>();
    params.put("businessId", businessId);
    params.put("caller", caller);
    String where = " where (select %s from caller) and b.business_id = :businessId";
    String query;
    // Statements with the assignee fixed, not one with an optional assignee: a plan kept for both
    // would read every booking of the business for one staff member's page. Without an assignee,
    // one branch for schedulers, one for other staff: only the caller's permissions' branch runs.
    if (assignee != null) {
      params.put("assignee", assignee);
      query =
          page(
              BOOKINGS,
              where.formatted(READS + " and (" + WRITES + " or cast(:assignee as uuid) = :caller)")
                  + " and b.assignee_id = :assignee",
              page);
    } else {
      query =
          "("
              + page(BOOKINGS, where.formatted(WRITES), page)
              + ") union all ("
              + page(
                  BOOKINGS,
                  where.formatted(READS + " and not " + WRITES) + " and b.assignee_id = :caller",
                  page)
              + ")";
    }
    Set<String> permissions = new HashSet<>();
    List<ScheduledBooking> rows = new ArrayList<>();
    Seek after = seek(page);
    jdbc.sql(SCHEDULE.formatted(query))
        .params(params)
        .param("from", Instants.timestamp(range.from()))
        .param("to", Instants.timestamp(range.to()))
        .param("status", range.status() == null ? null : range.status().value())
        .params(after.params())
        .query(
            rs -> {
              permissions.addAll(texts(rs.getArray("permissions")));
              if (rs.getObject("id") != null) {
                rows.add(
                    new ScheduledBooking(
                        view(rs), rs.getString("assignee_name"), rs.getString("household_name")));
              }
            });
    return new Schedule(permissions, rows);
  }

  /**
   * How many bookings of each business named are in the range with the range's status, among those
   * row-level security shows the caller; one query, businesses with none left out.
   */
  Map<UUID, Integer> requestedCounts(List<UUID> businessIds, Range range) {
    Map<UUID, Integer> counts = new HashMap<>();
    jdbc.sql(
            "select b.business_id, count(*) from bookings b"
                + " where b.business_id = any (:ids) and b.status = :status"
                + RANGE
                + " group by b.business_id")
        .param("ids", businessIds.toArray(UUID[]::new))
        .param("status", range.status().value())
        .param("from", Instants.timestamp(range.from()))
        .param("to", Instants.timestamp(range.to()))
        .query(
            rs -> {
              counts.put(rs.getObject(1, UUID.class), rs.getInt(2));
            });
    return counts;
  }

  List<BookingView> assignedTo(UUID assignee, Range range, PageRequest page) {
    return list(" where b.assignee_id = :assignee", Map.of("assignee", assignee), range, page);
  }

  /** Bookings overlapping {@code from}..{@code to}, of one status or ({@code null}) any. */
  record Range(Instant from, Instant to, BookingStatus status) {}

  /** {@code where} and the range, from the page's position on, one row beyond the page. */
  private List<BookingView> list(
      String where, Map<String, ?> params, Range range, PageRequest page) {
    return jdbc.sql(page(where, page))
        .params(params)
        .param("from", Instants.timestamp(range.from()))
        .param("to", Instants.timestamp(range.to()))
        .param("status", range.status() == null ? null : range.status().value())
        .params(seek(page).params())
        .query((rs, n) -> view(rs))
        .list();
  }

  /** The page's query: {@link #VIEW}, {@code where} and the filters, in start order. */
  private static String page(String where, PageRequest page) {
    return page(VIEW, where, page);
  }

  /** {@code select}, {@code where} and the filters, from the page's position on, in start order. */
  private static String page(String select, String where, PageRequest page) {
    return select + where + RANGE + STATUS + seek(page).and() + ORDER;
  }

  private static Seek seek(PageRequest page) {
    return page.seek(SortKey.ascending(SortKey.instant("b.starts_at"), SortKey.uuid("b.id")));
  }

  void update(BookingView b) {
    translate(
        () ->
            jdbc.sql(
                    """
                    update bookings set pet_ids = :petIds, starts_at = :startsAt, ends_at = :endsAt,
                                        proposed_starts_at = :proposedStartsAt,
                                        proposed_ends_at = :proposedEndsAt, notes = :notes,
                                        status = :status, assignee_id = :assigneeId,
                                        cancel_reason = :cancelReason, updated_at = :updatedAt
                     where id = :id and business_id = :businessId and household_id = :householdId
                    """)
                .param("petIds", b.petIds().toArray(UUID[]::new))
                .param("startsAt", Instants.timestamp(b.startsAt()))
                .param("endsAt", Instants.timestamp(b.endsAt()))
                .param("proposedStartsAt", Instants.timestamp(b.proposedStartsAt()))
                .param("proposedEndsAt", Instants.timestamp(b.proposedEndsAt()))
                .param("notes", b.notes())
                .param("status", b.status())
                .param("assigneeId", b.assigneeId())
                .param("cancelReason", b.cancelReason())
                .param("updatedAt", Instants.timestamp(b.updatedAt()))
                .param("id", b.id())
                .param("businessId", b.businessId())
                .param("householdId", b.householdId())
                .update());
  }

  boolean activeClient(UUID businessId, UUID householdId) {
    return jdbc.sql("select pawkeep_active_client(:businessId, :householdId)")
        .param("businessId", businessId)
        .param("householdId", householdId)
        .query(Boolean.class)
        .single();
  }

  /** Turns the database's refusals into the problems a client can act on; nothing is written. */
  private static void translate(Supplier<Integer> statement) {
    try {
      statement.get();
    } catch (DataAccessException e) {
      String state = sqlState(e);
      String message = String.valueOf(e.getMostSpecificCause().getMessage());
      if ("23P01".equals(state)) {
        throw ApiProblem.conflict("The staff member already has a booking at that time.");
      }
      if ("23514".equals(state) && message.contains("transition")) {
        throw ApiProblem.conflict("This booking cannot take that status now.");
      }
      if ("23514".equals(state) && message.contains("another household")) {
        throw ApiProblem.badRequest("petIds must name pets of the booking's household.");
      }
      if ("23514".equals(state) && message.contains("staff")) {
        throw ApiProblem.badRequest("userId must name a member of the business's staff.");
      }
      if ("42501".equals(state)) {
        throw ApiProblem.forbidden("Your role does not allow this change to the booking.");
      }
      throw e;
    }
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static BookingView view(ResultSet rs) throws SQLException {
    return new BookingView(
        rs.getObject("id", UUID.class),
        rs.getObject("business_id", UUID.class),
        rs.getObject("household_id", UUID.class),
        rs.getObject("service_id", UUID.class),
        rs.getString("kind"),
        rs.getString("name"),
        uuids(rs.getArray("pet_ids")),
        Instants.from(rs, "starts_at"),
        Instants.from(rs, "ends_at"),
        Instants.from(rs, "proposed_starts_at"),
        Instants.from(rs, "proposed_ends_at"),
        rs.getString("status"),
        rs.getObject("assignee_id", UUID.class),
        rs.getString("notes"),
        rs.getString("cancel_reason"),
        rs.getObject("requested_by", UUID.class),
        Instants.from(rs, "requested_at"),
        Instants.from(rs, "updated_at"));
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
