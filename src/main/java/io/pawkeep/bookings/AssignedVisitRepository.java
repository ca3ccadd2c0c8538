package io.pawkeep.bookings;

import io.pawkeep.web.Instants;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one query behind the walker's visit list: the caller's assigned bookings in a time range with
 * their business, service and (for holders of clients.read) household names, whether the assignment
 * is open now and whether the household keeps secrets the caller may reveal now.
 */
@Repository
class AssignedVisitRepository {

  /** The most visits one list holds (HARD-8); a walker has a handful a day. */
  static final int MAX_VISITS = 200;

  /** A row of the list, its pets still to be read (only for open assignments). */
  record Row(
      UUID bookingId,
      UUID businessId,
      UUID householdId,
      String householdName,
      Instant startsAt,
      Instant endsAt,
      String status,
      String serviceName,
      boolean open,
      List<UUID> petIds) {}

  private final JdbcClient jdbc;

  AssignedVisitRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Bookings assigned to the caller overlapping {@code from}..{@code to}, not cancelled, of a
   * household that is still an active client of a business the caller still holds bookings.read in:
   * a revoked household or a removed staff member yields nothing (AUTHZ-5).
   */
  List<Row> assignedTo(UUID caller, Instant from, Instant to) {
    return jdbc.sql(
            """
            select b.id, b.business_id, b.household_id, h.name, b.starts_at, b.ends_at, b.status,
                   s.name,
                   b.id = any (cast((select pawkeep_my_assigned_bookings('bookings.read'))
                                    as uuid[])),
                   b.pet_ids
              from bookings b
              left join business_services s on s.id = b.service_id
              left join lateral pawkeep_business_client_households(b.business_id) h
                     on h.household_id = b.household_id
             where b.assignee_id = :caller
               and b.status <> 'cancelled'
               and b.starts_at < :to and b.ends_at > :from
               and pawkeep_active_client(b.business_id, b.household_id)
               and 'bookings.read' = any (pawkeep_business_permissions(b.business_id))
             order by b.starts_at, b.id
             limit :max
            """)
        .param("caller", caller)
        .param("from", Instants.timestamp(from))
        .param("to", Instants.timestamp(to))
        .param("max", MAX_VISITS)
        .query(
            (rs, n) ->
                new Row(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getObject(3, UUID.class),
                    rs.getString(4),
                    Instants.from(rs, 5),
                    Instants.from(rs, 6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getBoolean(9),
                    uuids(rs.getArray(10))))
        .list();
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
  }
}
