package io.pawkeep.businesses;

import io.pawkeep.web.Instants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access review's statements (LOG-4), one per list, each answering for everyone at once. The
 * functions they call check the caller (audit.read or owner of the business; owner of the
 * household) and answer nothing otherwise.
 */
@Repository
class AccessReviewRepository {

  /** A client household a staff member reaches, with which permission and why. */
  record ReachedHousehold(UUID householdId, String name, String permission, String via) {}

  record StaffAccess(
      UUID userId,
      String displayName,
      String email,
      String role,
      Instant joinedAt,
      List<String> permissions,
      List<String> granted,
      List<String> revoked,
      List<ReachedHousehold> households) {}

  /** A live API key: its scope, and what it can do now within its creator's permissions. */
  record KeyAccess(
      UUID id,
      String name,
      List<String> scope,
      List<String> permissions,
      UUID createdBy,
      String creator,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt) {}

  record HouseholdPerson(
      UUID userId,
      String displayName,
      String email,
      String role,
      Instant joinedAt,
      Instant sittingFrom,
      Instant sittingUntil) {}

  /** A member of a business's staff who reaches the household, with their permissions and why. */
  record ReachingStaff(
      UUID userId, String displayName, String role, List<String> permissions, List<String> via) {}

  record HouseholdBusinessAccess(
      UUID businessId, String kind, String name, Instant grantedAt, List<ReachingStaff> staff) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<ReachedHousehold>> REACHED = new TypeReference<>() {};
  private static final TypeReference<List<ReachingStaff>> REACHING = new TypeReference<>() {};

  private final JdbcClient jdbc;

  AccessReviewRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<StaffAccess> business(UUID businessId) {
    return jdbc.sql("select * from pawkeep_business_access_review(:businessId) limit 1000")
        .param("businessId", businessId)
        .query(
            (rs, n) ->
                new StaffAccess(
                    rs.getObject("user_id", UUID.class),
                    rs.getString("display_name"),
                    rs.getString("email"),
                    rs.getString("role"),
                    Instants.from(rs, "joined_at"),
                    BusinessRepository.texts(rs.getArray("permissions")),
                    BusinessRepository.texts(rs.getArray("granted")),
                    BusinessRepository.texts(rs.getArray("revoked")),
                    JSON.readValue(rs.getString("households"), REACHED)))
        .list();
  }

  List<KeyAccess> keys(UUID businessId) {
    return jdbc.sql("select * from pawkeep_business_access_review_keys(:businessId) limit 1000")
        .param("businessId", businessId)
        .query(
            (rs, n) ->
                new KeyAccess(
                    rs.getObject("id", UUID.class),
                    rs.getString("name"),
                    BusinessRepository.texts(rs.getArray("scope")),
                    BusinessRepository.texts(rs.getArray("permissions")),
                    rs.getObject("created_by", UUID.class),
                    rs.getString("creator"),
                    Instants.from(rs, "created_at"),
                    Instants.from(rs, "expires_at"),
                    Instants.from(rs, "last_used_at")))
        .list();
  }

  List<HouseholdPerson> people(UUID householdId) {
    return jdbc.sql("select * from pawkeep_household_access_review_people(:householdId) limit 1000")
        .param("householdId", householdId)
        .query(
            (rs, n) ->
                new HouseholdPerson(
                    rs.getObject("user_id", UUID.class),
                    rs.getString("display_name"),
                    rs.getString("email"),
                    rs.getString("role"),
                    Instants.from(rs, "joined_at"),
                    Instants.from(rs, "sitting_from"),
                    Instants.from(rs, "sitting_until")))
        .list();
  }

  List<HouseholdBusinessAccess> businesses(UUID householdId) {
    return jdbc.sql(
            "select * from pawkeep_household_access_review_businesses(:householdId) limit 1000")
        .param("householdId", householdId)
        .query((rs, n) -> businessAccess(rs))
        .list();
  }

  private static HouseholdBusinessAccess businessAccess(ResultSet rs) throws SQLException {
    return new HouseholdBusinessAccess(
        rs.getObject("business_id", UUID.class),
        rs.getString("kind"),
        rs.getString("name"),
        Instants.from(rs, "granted_at"),
        JSON.readValue(rs.getString("staff"), REACHING));
  }
}
