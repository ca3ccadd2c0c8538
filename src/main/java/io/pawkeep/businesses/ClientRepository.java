package io.pawkeep.businesses;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for client relationships between businesses and households. */
@Repository
class ClientRepository {

  /** A business's client household: id and name only. */
  record ClientHousehold(UUID householdId, String name, Instant since) {}

  /** A business that can see, or asks to see, a household. */
  record HouseholdBusiness(
      UUID businessId,
      String kind,
      String name,
      String status,
      Instant requestedAt,
      Instant grantedAt) {}

  private final JdbcClient jdbc;

  ClientRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void request(UUID businessId, UUID householdId, Instant now) {
    jdbc.sql("select pawkeep_request_business_client(:businessId, :householdId, :now)")
        .param("businessId", businessId)
        .param("householdId", householdId)
        .param("now", Instants.timestamp(now))
        .query((rs, n) -> 1)
        .list();
  }

  /** One page of the business's client households by name, one row beyond it (HARD-8). */
  List<ClientHousehold> clients(UUID businessId, PageRequest page) {
    Seek after = page.seek(SortKey.ascending(SortKey.text("name"), SortKey.uuid("household_id")));
    return jdbc.sql(
            "select household_id, name, granted_at"
                + " from pawkeep_business_client_households(:businessId)"
                + after.where()
                + " order by name, household_id limit :fetch")
        .param("businessId", businessId)
        .params(after.params())
        .query(
            (rs, n) ->
                new ClientHousehold(
                    rs.getObject(1, UUID.class), rs.getString(2), Instants.from(rs, 3)))
        .list();
  }

  boolean grant(UUID householdId, UUID businessId, Instant now) {
    return jdbc.sql("select pawkeep_grant_business_client(:householdId, :businessId, :now)")
        .param("householdId", householdId)
        .param("businessId", businessId)
        .param("now", Instants.timestamp(now))
        .query(Boolean.class)
        .single();
  }

  boolean revoke(UUID householdId, UUID businessId, UUID caller, Instant now) {
    return jdbc.sql(
                """
                update business_clients set status = 'revoked', revoked_at = :now,
                    revoked_by = :caller
                 where household_id = :householdId and business_id = :businessId
                   and status <> 'revoked'
                """)
            .param("now", Instants.timestamp(now))
            .param("caller", caller)
            .param("householdId", householdId)
            .param("businessId", businessId)
            .update()
        == 1;
  }

  /** One page of the household's businesses by name, one row beyond it (HARD-8). */
  List<HouseholdBusiness> businesses(UUID householdId, PageRequest page) {
    Seek after = page.seek(SortKey.ascending(SortKey.text("name"), SortKey.uuid("business_id")));
    return jdbc.sql(
            "select business_id, kind, name, status, requested_at, granted_at"
                + " from pawkeep_household_businesses(:householdId)"
                + after.where()
                + " order by name, business_id limit :fetch")
        .param("householdId", householdId)
        .params(after.params())
        .query(
            (rs, n) ->
                new HouseholdBusiness(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    Instants.from(rs, 5),
                    Instants.from(rs, 6)))
        .list();
  }
}
