package io.pawkeep.bookings;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for a business's schedule: the caller's permissions in the business and the page of bookings
 * they allow, with the names its view shows, in one statement; row-level security limits every row
 * again. The bookings' own columns and filters are {@link BookingRepository}'s.
 */
@Repository
class ScheduleRepository {

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
  // answers for these ids only, to holders of bookings.read (services), staff.manage (people) and
  // clients.read (active client households), with its own permission check: one more computation
  // of the caller's permissions, where reading business_services under its policy took another.
  // They are not read for an empty page: a page costs the same whatever the number of the
  // business's clients, staff and services.
  private static final String SCHEDULE =
      """
      with caller as materialized (
        select pawkeep_business_permissions(:businessId) as permissions),
      page as materialized (%s),
      names as materialized (
        select * from pawkeep_business_names(:businessId,
                                             array(select distinct service_id from page),
                                             array(select assignee_id from page),
                                             array(select household_id from page))
         where exists (select 1 from page))
      select caller.permissions, page.*, s.service_kind as kind, s.name,
             p.name as assignee_name, h.name as household_name
        from caller
        left join page on true
        left join names s on s.kind = 'service' and s.id = page.service_id
        left join names p on p.kind = 'person' and p.id = page.assignee_id
        left join names h on h.kind = 'household' and h.id = page.household_id
       order by page.starts_at, page.id
      """;
  // Who sees which rows of the page, from the permissions above: holders of bookings.read their own
  // assignments; holders of bookings.write any staff member's, or the whole business's.
  private static final String READS = "'bookings.read' = any (permissions)";
  private static final String WRITES = "'bookings.write' = any (permissions)";

  private final JdbcClient jdbc;

  ScheduleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
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
  Schedule ofBusiness(
      UUID businessId,
      UUID caller,
      UUID assignee,
      BookingRepository.Range range,
      PageRequest page) {
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
          BookingRepository.page(
              BOOKINGS,
              where.formatted(READS + " and (" + WRITES + " or cast(:assignee as uuid) = :caller)")
                  + " and b.assignee_id = :assignee",
              page);
    } else {
      query =
          "("
              + BookingRepository.page(BOOKINGS, where.formatted(WRITES), page)
              + ") union all ("
              + BookingRepository.page(
                  BOOKINGS,
                  where.formatted(READS + " and not " + WRITES) + " and b.assignee_id = :caller",
                  page)
              + ")";
    }
    Set<String> permissions = new HashSet<>();
    List<ScheduledBooking> rows = new ArrayList<>();
    Seek after = BookingRepository.seek(page);
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
                        BookingRepository.view(rs),
                        rs.getString("assignee_name"),
                        rs.getString("household_name")));
              }
            });
    return new Schedule(permissions, rows);
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
