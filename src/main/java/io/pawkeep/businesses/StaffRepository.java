package io.pawkeep.businesses;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for staff, their overrides and invitations; row-level security backs every statement. */
@Repository
class StaffRepository {

  private final JdbcClient jdbc;

  StaffRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<StaffMember> list(UUID businessId) {
    Map<UUID, Map<String, String>> overrides = new java.util.HashMap<>();
    jdbc.sql(
            "select user_id, permission, granted from business_staff_permissions"
                + " where business_id = :businessId")
        .param("businessId", businessId)
        .query(
            rs -> {
              overrides
                  .computeIfAbsent(rs.getObject(1, UUID.class), k -> new TreeMap<>())
                  .put(rs.getString(2), rs.getBoolean(3) ? "grant" : "revoke");
            });
    return jdbc.sql(
            """
            select s.user_id, p.display_name, p.email, s.role, s.joined_at,
                   pawkeep_staff_permissions(s.business_id, s.user_id) as permissions
              from business_staff s
              join pawkeep_business_people(:businessId) p on p.user_id = s.user_id
             where s.business_id = :businessId
             order by s.joined_at, s.user_id
            """)
        .param("businessId", businessId)
        .query(
            (rs, n) -> {
              UUID userId = rs.getObject("user_id", UUID.class);
              return new StaffMember(
                  userId,
                  rs.getString("display_name"),
                  rs.getString("email"),
                  rs.getString("role"),
                  overrides.getOrDefault(userId, Map.of()),
                  BusinessRepository.texts(rs.getArray("permissions")),
                  Instants.from(rs, "joined_at"));
            })
        .list();
  }

  /**
   * One page of the staff by joining time, one row beyond the page (HARD-8): the members in one
   * query, the permission overrides of those members in a second.
   */
  List<StaffMember> list(UUID businessId, PageRequest page) {
    Seek after =
        page.seek(SortKey.ascending(SortKey.instant("s.joined_at"), SortKey.uuid("s.user_id")));
    record Row(
        UUID userId, String name, String email, String role, List<String> perms, Instant at) {}
    List<Row> rows =
        jdbc.sql(
                """
                select s.user_id, p.display_name, p.email, s.role, s.joined_at,
                       pawkeep_staff_permissions(s.business_id, s.user_id) as permissions
                  from business_staff s
                  join pawkeep_business_people(:businessId) p on p.user_id = s.user_id
                 where s.business_id = :businessId"""
                    + after.and()
                    + " order by s.joined_at, s.user_id limit :fetch")
            .param("businessId", businessId)
            .params(after.params())
            .query(
                (rs, n) ->
                    new Row(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("display_name"),
                        rs.getString("email"),
                        rs.getString("role"),
                        BusinessRepository.texts(rs.getArray("permissions")),
                        Instants.from(rs, "joined_at")))
            .list();
    Map<UUID, Map<String, String>> overrides = new java.util.HashMap<>();
    jdbc.sql(
            "select user_id, permission, granted from business_staff_permissions"
                + " where business_id = :businessId and user_id = any (:userIds)")
        .param("businessId", businessId)
        .param("userIds", rows.stream().map(Row::userId).toArray(UUID[]::new))
        .query(
            rs -> {
              overrides
                  .computeIfAbsent(rs.getObject(1, UUID.class), k -> new TreeMap<>())
                  .put(rs.getString(2), rs.getBoolean(3) ? "grant" : "revoke");
            });
    return rows.stream()
        .map(
            r ->
                new StaffMember(
                    r.userId(),
                    r.name(),
                    r.email(),
                    r.role(),
                    overrides.getOrDefault(r.userId(), Map.of()),
                    r.perms(),
                    r.at()))
        .toList();
  }

  Optional<String> role(UUID businessId, UUID userId) {
    return jdbc.sql(
            "select role from business_staff where business_id = :businessId and user_id = :userId")
        .param("businessId", businessId)
        .param("userId", userId)
        .query(String.class)
        .optional();
  }

  /**
   * Locks the business's owner rows until the transaction ends, so concurrent demotions and
   * removals cannot leave it without an owner; answers the owners.
   */
  List<UUID> lockOwners(UUID businessId) {
    return jdbc.sql(
            "select user_id from business_staff where business_id = :businessId and role = 'owner'"
                + " for update")
        .param("businessId", businessId)
        .query(UUID.class)
        .list();
  }

  void setRole(UUID businessId, UUID userId, String role) {
    jdbc.sql(
            "update business_staff set role = :role"
                + " where business_id = :businessId and user_id = :userId")
        .param("role", role)
        .param("businessId", businessId)
        .param("userId", userId)
        .update();
  }

  /** The member's overrides: permission to {@code true} (granted) or {@code false} (revoked). */
  Map<String, Boolean> overrides(UUID businessId, UUID userId) {
    Map<String, Boolean> overrides = new TreeMap<>();
    jdbc.sql(
            "select permission, granted from business_staff_permissions"
                + " where business_id = :businessId and user_id = :userId")
        .param("businessId", businessId)
        .param("userId", userId)
        .query(
            rs -> {
              overrides.put(rs.getString(1), rs.getBoolean(2));
            });
    return overrides;
  }

  /**
   * Makes {@code overrides} (ignoring {@code null} values) the member's only overrides. Rows kept
   * with the same value are not deleted and written again, so nothing is given back in between.
   */
  void replaceOverrides(UUID businessId, UUID userId, Map<String, Boolean> overrides) {
    Map<String, Boolean> kept = new TreeMap<>();
    overrides.forEach(
        (permission, granted) -> {
          if (granted != null) {
            kept.put(permission, granted);
          }
        });
    jdbc.sql(
            "delete from business_staff_permissions"
                + " where business_id = :businessId and user_id = :userId"
                + " and permission <> all (cast(:kept as text[]))")
        .param("businessId", businessId)
        .param("userId", userId)
        .param("kept", kept.keySet().toArray(String[]::new))
        .update();
    kept.forEach((permission, granted) -> setOverride(businessId, userId, permission, granted));
  }

  /** Sets one override: {@code true} grants, {@code false} revokes, {@code null} removes it. */
  void setOverride(UUID businessId, UUID userId, String permission, Boolean granted) {
    if (granted == null) {
      jdbc.sql(
              "delete from business_staff_permissions"
                  + " where business_id = :businessId and user_id = :userId"
                  + " and permission = :permission")
          .param("businessId", businessId)
          .param("userId", userId)
          .param("permission", permission)
          .update();
      return;
    }
    jdbc.sql(
            """
            insert into business_staff_permissions (business_id, user_id, permission, granted)
            values (:businessId, :userId, :permission, :granted)
            on conflict (business_id, user_id, permission) do update set granted = excluded.granted
            """)
        .param("businessId", businessId)
        .param("userId", userId)
        .param("permission", permission)
        .param("granted", granted)
        .update();
  }

  boolean remove(UUID businessId, UUID userId) {
    return jdbc.sql(
                "delete from business_staff where business_id = :businessId and user_id = :userId")
            .param("businessId", businessId)
            .param("userId", userId)
            .update()
        == 1;
  }

  void insertInvite(
      UUID id,
      UUID businessId,
      byte[] tokenHash,
      String role,
      List<String> grants,
      List<String> revokes,
      UUID createdBy,
      Instant now,
      Instant expiresAt) {
    jdbc.sql(
            """
            insert into business_staff_invites (id, business_id, token_hash, role, grants, revokes,
                                                created_by, created_at, expires_at)
            values (:id, :businessId, :tokenHash, :role, cast(:grants as text[]),
                cast(:revokes as text[]), :createdBy, :now, :expiresAt)
            """)
        .param("id", id)
        .param("businessId", businessId)
        .param("tokenHash", tokenHash)
        .param("role", role)
        .param("grants", grants.toArray(String[]::new))
        .param("revokes", revokes.toArray(String[]::new))
        .param("createdBy", createdBy)
        .param("now", Instants.timestamp(now))
        .param("expiresAt", Instants.timestamp(expiresAt))
        .update();
  }

  boolean revokeInvite(UUID businessId, UUID inviteId, Instant now) {
    return jdbc.sql(
                """
                update business_staff_invites set revoked_at = :now
                 where id = :inviteId and business_id = :businessId and revoked_at is null
                   and accepted_at is null
                """)
            .param("now", Instants.timestamp(now))
            .param("inviteId", inviteId)
            .param("businessId", businessId)
            .update()
        == 1;
  }

  Optional<UUID> acceptInvite(byte[] tokenHash, Instant now) {
    // The function answers null for an invitation that cannot be accepted.
    return jdbc.sql("select pawkeep_accept_staff_invite(:tokenHash, :now)")
        .param("tokenHash", tokenHash)
        .param("now", Instants.timestamp(now))
        .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
        .single();
  }
}
