package io.pawkeep.businesses;

import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.Timestamp;
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
                + " where business_id = ?")
        .param(businessId)
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
              join pawkeep_business_people(?) p on p.user_id = s.user_id
             where s.business_id = ?
             order by s.joined_at, s.user_id
            """)
        .params(businessId, businessId)
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
                  rs.getTimestamp("joined_at").toInstant());
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
    List<Object> params = after.params(businessId, businessId);
    record Row(
        UUID userId, String name, String email, String role, List<String> perms, Instant at) {}
    List<Row> rows =
        jdbc.sql(
                """
                select s.user_id, p.display_name, p.email, s.role, s.joined_at,
                       pawkeep_staff_permissions(s.business_id, s.user_id) as permissions
                  from business_staff s
                  join pawkeep_business_people(?) p on p.user_id = s.user_id
                 where s.business_id = ?"""
                    + after.and()
                    + " order by s.joined_at, s.user_id limit ?")
            .params(params)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("display_name"),
                        rs.getString("email"),
                        rs.getString("role"),
                        BusinessRepository.texts(rs.getArray("permissions")),
                        rs.getTimestamp("joined_at").toInstant()))
            .list();
    Map<UUID, Map<String, String>> overrides = new java.util.HashMap<>();
    jdbc.sql(
            "select user_id, permission, granted from business_staff_permissions"
                + " where business_id = ? and user_id = any (?)")
        .params(businessId, rows.stream().map(Row::userId).toArray(UUID[]::new))
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
    return jdbc.sql("select role from business_staff where business_id = ? and user_id = ?")
        .params(businessId, userId)
        .query(String.class)
        .optional();
  }

  /**
   * Locks the business's owner rows until the transaction ends, so concurrent demotions and
   * removals cannot leave it without an owner; answers the owners.
   */
  List<UUID> lockOwners(UUID businessId) {
    return jdbc.sql(
            "select user_id from business_staff where business_id = ? and role = 'owner'"
                + " for update")
        .param(businessId)
        .query(UUID.class)
        .list();
  }

  void setRole(UUID businessId, UUID userId, String role) {
    jdbc.sql("update business_staff set role = ? where business_id = ? and user_id = ?")
        .params(role, businessId, userId)
        .update();
  }

  /** The member's overrides: permission to {@code true} (granted) or {@code false} (revoked). */
  Map<String, Boolean> overrides(UUID businessId, UUID userId) {
    Map<String, Boolean> overrides = new TreeMap<>();
    jdbc.sql(
            "select permission, granted from business_staff_permissions"
                + " where business_id = ? and user_id = ?")
        .params(businessId, userId)
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
            "delete from business_staff_permissions where business_id = ? and user_id = ?"
                + " and permission <> all (cast(? as text[]))")
        .params(businessId, userId, kept.keySet().toArray(String[]::new))
        .update();
    kept.forEach((permission, granted) -> setOverride(businessId, userId, permission, granted));
  }

  /** Sets one override: {@code true} grants, {@code false} revokes, {@code null} removes it. */
  void setOverride(UUID businessId, UUID userId, String permission, Boolean granted) {
    if (granted == null) {
      jdbc.sql(
              "delete from business_staff_permissions where business_id = ? and user_id = ?"
                  + " and permission = ?")
          .params(businessId, userId, permission)
          .update();
      return;
    }
    jdbc.sql(
            """
            insert into business_staff_permissions (business_id, user_id, permission, granted)
            values (?, ?, ?, ?)
            on conflict (business_id, user_id, permission) do update set granted = excluded.granted
            """)
        .params(businessId, userId, permission, granted)
        .update();
  }

  boolean remove(UUID businessId, UUID userId) {
    return jdbc.sql("delete from business_staff where business_id = ? and user_id = ?")
            .params(businessId, userId)
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
            values (?, ?, ?, ?, cast(? as text[]), cast(? as text[]), ?, ?, ?)
            """)
        .params(
            id,
            businessId,
            tokenHash,
            role,
            grants.toArray(String[]::new),
            revokes.toArray(String[]::new),
            createdBy,
            Timestamp.from(now),
            Timestamp.from(expiresAt))
        .update();
  }

  boolean revokeInvite(UUID businessId, UUID inviteId, Instant now) {
    return jdbc.sql(
                """
                update business_staff_invites set revoked_at = ?
                 where id = ? and business_id = ? and revoked_at is null and accepted_at is null
                """)
            .params(Timestamp.from(now), inviteId, businessId)
            .update()
        == 1;
  }

  Optional<UUID> acceptInvite(byte[] tokenHash, Instant now) {
    // The function answers null for an invitation that cannot be accepted.
    return jdbc.sql("select pawkeep_accept_staff_invite(?, ?)")
        .params(tokenHash, Timestamp.from(now))
        .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
        .single();
  }
}
