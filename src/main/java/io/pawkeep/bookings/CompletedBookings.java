package io.pawkeep.bookings;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.web.Instants;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A client household's completed bookings at a business with their service's name and price, for
 * the page that drafts an invoice (PAY-2): holders of bookings.read (404 off the staff, 403 without
 * it), newest first, at most {@value #MOST}. No pets, notes or care (AUTHZ-5); row-level security
 * still decides which bookings the caller sees.
 */
@Service
@Transactional(readOnly = true)
public class CompletedBookings {

  static final int MOST = 50;

  /** A completed booking as an invoice line would name and price it. */
  public record Completed(
      UUID id, Instant startsAt, String serviceName, long priceMinor, String currency) {}

  private final JdbcClient jdbc;
  private final Businesses businesses;

  CompletedBookings(JdbcClient jdbc, Businesses businesses) {
    this.jdbc = jdbc;
    this.businesses = businesses;
  }

  public List<Completed> ofClient(UUID caller, UUID businessId, UUID householdId) {
    businesses.requirePermission(caller, businessId, "bookings.read");
    return jdbc.sql(
            """
            select b.id, b.starts_at, s.name, s.price_minor, s.currency
              from bookings b
              join business_services s on s.id = b.service_id and s.business_id = b.business_id
             where b.business_id = :business and b.household_id = :household
               and b.status = 'completed'
             order by b.starts_at desc, b.id desc
             limit :most
            """)
        .param("business", businessId)
        .param("household", householdId)
        .param("most", MOST)
        .query(
            (rs, n) ->
                new Completed(
                    rs.getObject("id", UUID.class),
                    Instants.from(rs, "starts_at"),
                    rs.getString("name"),
                    rs.getLong("price_minor"),
                    rs.getString("currency")))
        .list();
  }
}
