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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  static String page(String select, String where, PageRequest page) {
    return select + where + RANGE + STATUS + seek(page).and() + ORDER;
  }

  static Seek seek(PageRequest page) {
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

  static BookingView view(ResultSet rs) throws SQLException {
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
}
