package io.pawkeep.businesses;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for API keys. The secret's hash is written once and never selected (the application role has
 * no SELECT on that column); row-level security limits every statement to the settings managers of
 * the key's business and refuses a scope wider than its creator's permissions.
 */
@Repository
class ApiKeyRepository {

  private static final String COLUMNS =
      "id, name, scope, created_by, created_at, expires_at, last_used_at, revoked_at";

  private final JdbcClient jdbc;

  ApiKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(
      UUID id,
      UUID businessId,
      String name,
      List<String> scope,
      byte[] secretHash,
      UUID creator,
      Instant now,
      Instant expiresAt) {
    jdbc.sql(
            """
            insert into api_keys
              (id, business_id, name, scope, secret_hash, created_by, created_at, expires_at)
            values (:id, :businessId, :name, :scope::text[], :secretHash, :creator, :now,
                :expiresAt)
            """)
        .param("id", id)
        .param("businessId", businessId)
        .param("name", name)
        .param("scope", scope.toArray(String[]::new))
        .param("secretHash", secretHash)
        .param("creator", creator)
        .param("now", Instants.timestamp(now))
        .param("expiresAt", Instants.timestamp(expiresAt))
        .update();
  }

  /** One page of the business's keys, newest first, one row beyond the page (HARD-8). */
  List<ApiKeyView> list(UUID businessId, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("created_at"), SortKey.uuid("id")));
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from api_keys where business_id = :businessId"
                + after.and()
                + " order by created_at desc, id desc limit :fetch")
        .param("businessId", businessId)
        .params(after.params())
        .query((rs, n) -> view(rs))
        .list();
  }

  Optional<ApiKeyView> find(UUID businessId, UUID keyId) {
    return jdbc.sql(
            "select " + COLUMNS + " from api_keys where business_id = :businessId and id = :keyId")
        .param("businessId", businessId)
        .param("keyId", keyId)
        .query((rs, n) -> view(rs))
        .optional();
  }

  /** Revokes a live key; false when it is unknown here or already revoked. */
  boolean revoke(UUID businessId, UUID keyId, UUID by, Instant now) {
    return jdbc.sql(
                """
                update api_keys set revoked_at = :now, revoked_by = :by
                 where business_id = :businessId and id = :keyId and revoked_at is null
                """)
            .param("now", Instants.timestamp(now))
            .param("by", by)
            .param("businessId", businessId)
            .param("keyId", keyId)
            .update()
        == 1;
  }

  private static ApiKeyView view(ResultSet rs) throws SQLException {
    return new ApiKeyView(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        BusinessRepository.texts(rs.getArray("scope")),
        rs.getObject("created_by", UUID.class),
        Instants.from(rs, "created_at"),
        Instants.from(rs, "expires_at"),
        Instants.from(rs, "last_used_at"),
        Instants.from(rs, "revoked_at"));
  }
}
