package io.pawkeep.bookings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the services businesses offer; row-level security backs every statement. */
@Repository
class ServiceRepository {

  private static final String COLUMNS =
      "id, business_id, kind, name, duration_minutes, price_minor, currency, created_at";

  private final JdbcClient jdbc;

  ServiceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(ServiceView service) {
    jdbc.sql("insert into business_services (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            service.id(),
            service.businessId(),
            service.kind(),
            service.name(),
            service.durationMinutes(),
            service.priceMinor(),
            service.currency(),
            Timestamp.from(service.createdAt()))
        .update();
  }

  List<ServiceView> list(UUID businessId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from business_services where business_id = ? order by name, id limit 500")
        .param(businessId)
        .query((rs, n) -> service(rs))
        .list();
  }

  Optional<ServiceView> find(UUID businessId, UUID id) {
    return jdbc.sql(
            "select " + COLUMNS + " from business_services where business_id = ? and id = ?")
        .params(businessId, id)
        .query((rs, n) -> service(rs))
        .optional();
  }

  private static ServiceView service(ResultSet rs) throws SQLException {
    return new ServiceView(
        rs.getObject("id", UUID.class),
        rs.getObject("business_id", UUID.class),
        rs.getString("kind"),
        rs.getString("name"),
        rs.getInt("duration_minutes"),
        rs.getLong("price_minor"),
        rs.getString("currency"),
        rs.getTimestamp("created_at").toInstant());
  }
}
