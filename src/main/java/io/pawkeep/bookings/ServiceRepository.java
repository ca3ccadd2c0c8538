package io.pawkeep.bookings;

import io.pawkeep.web.Instants;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    jdbc.sql(
            "insert into business_services ("
                + COLUMNS
                + ") values (:id, :businessId, :kind, :name, :durationMinutes, :priceMinor,"
                + " :currency, :createdAt)")
        .param("id", service.id())
        .param("businessId", service.businessId())
        .param("kind", service.kind())
        .param("name", service.name())
        .param("durationMinutes", service.durationMinutes())
        .param("priceMinor", service.priceMinor())
        .param("currency", service.currency())
        .param("createdAt", Instants.timestamp(service.createdAt()))
        .update();
  }

  List<ServiceView> list(UUID businessId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from business_services where business_id = :businessId"
                + " order by name, id limit 500")
        .param("businessId", businessId)
        .query((rs, n) -> service(rs))
        .list();
  }

  /**
   * The services of the businesses the household has granted access (active clients), by name: one
   * query; row-level security already limits the rows to businesses of the caller's households.
   */
  List<ServiceView> ofClientBusinesses(UUID householdId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from business_services"
                + " where pawkeep_active_client(business_id, :householdId)"
                + " order by name, id limit 500")
        .param("householdId", householdId)
        .query((rs, n) -> service(rs))
        .list();
  }

  /**
   * The services a household's member may book, each with its business's name, by business then
   * service: one query, the names through a function that shows them only to the household.
   */
  List<BookableService> bookable(UUID householdId) {
    return jdbc.sql(
            "select s.id, s.business_id, s.kind, s.name, s.duration_minutes, s.price_minor,"
                + " s.currency, s.created_at, n.name as business_name"
                + " from business_services s"
                + " join pawkeep_bookable_business_names(:householdId) n"
                + " on n.business_id = s.business_id"
                + " order by n.name, n.business_id, s.name, s.id limit 500")
        .param("householdId", householdId)
        .query((rs, n) -> new BookableService(rs.getString("business_name"), service(rs)))
        .list();
  }

  Optional<ServiceView> find(UUID businessId, UUID id) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from business_services where business_id = :businessId and id = :id")
        .param("businessId", businessId)
        .param("id", id)
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
        Instants.from(rs, "created_at"));
  }
}
