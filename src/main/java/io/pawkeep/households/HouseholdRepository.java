package io.pawkeep.households;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for households; row-level security limits every statement to the caller's households. */
@Repository
class HouseholdRepository {

  private final JdbcClient jdbc;

  HouseholdRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, String name, UUID creator, Instant now) {
    jdbc.sql(
            "insert into households (id, name, created_at, created_by)"
                + " values (:id, :name, :now, :creator)")
        .param("id", id)
        .param("name", name)
        .param("now", Instants.timestamp(now))
        .param("creator", creator)
        .update();
    boolean joined =
        jdbc.sql("select pawkeep_join_new_household(:id, :now)")
            .param("id", id)
            .param("now", Instants.timestamp(now))
            .query(Boolean.class)
            .single();
    if (!joined) {
      throw new IllegalStateException("the creator could not join a new household");
    }
  }

  /** One page of the user's households, oldest first, one row beyond the page (HARD-8). */
  List<HouseholdView> listMine(UUID userId, PageRequest page) {
    Seek after =
        page.seek(SortKey.ascending(SortKey.instant("h.created_at"), SortKey.uuid("h.id")));
    return jdbc.sql(
            """
            select h.id, h.name, m.role, h.created_at
              from household_members m join households h on h.id = m.household_id
             where m.user_id = :userId"""
                + after.and()
                + " order by h.created_at, h.id limit :fetch")
        .param("userId", userId)
        .params(after.params())
        .query(
            (rs, n) ->
                new HouseholdView(
                    rs.getObject("id", UUID.class),
                    rs.getString("name"),
                    rs.getString("role"),
                    Instants.from(rs, "created_at")))
        .list();
  }

  /**
   * The household as the caller sees it; with {@code lock} (owners only: locking needs the update
   * policy) its row stays locked until the transaction ends.
   */
  Optional<HouseholdView> find(UUID id, UUID userId, boolean lock) {
    return jdbc.sql(
            """
            select h.id, h.name, m.role, h.created_at
              from households h join household_members m
                on m.household_id = h.id and m.user_id = :userId
             where h.id = :id
            """
                + (lock ? " for update of h" : ""))
        .param("userId", userId)
        .param("id", id)
        .query(
            (rs, n) ->
                new HouseholdView(
                    rs.getObject("id", UUID.class),
                    rs.getString("name"),
                    rs.getString("role"),
                    Instants.from(rs, "created_at")))
        .optional();
  }

  void rename(UUID id, String name) {
    jdbc.sql("update households set name = :name where id = :id")
        .param("name", name)
        .param("id", id)
        .update();
  }

  /**
   * Marks the household deleted by the caller (an owner), to be purged after the undo window; from
   * then on the database shows it to nobody (PRIV-2, R__99_erasure.sql). False when the caller does
   * not own a live household with this id.
   */
  boolean markDeleted(UUID id, Duration undoWindow) {
    return jdbc.sql("select pawkeep_delete_household(:id, cast(:window as interval))")
        .param("id", id)
        .param("window", undoWindow.toString())
        .query(Boolean.class)
        .single();
  }

  /** Brings back a deleted household the caller owns, inside its window; false otherwise. */
  boolean undoDeletion(UUID id) {
    return jdbc.sql("select pawkeep_undo_household_deletion(:id)")
        .param("id", id)
        .query(Boolean.class)
        .single();
  }

  /** A household the caller deleted (or co-owns) that can still be brought back. */
  record Deleted(UUID id, String name, Instant deletedAt, Instant purgeAfter) {}

  /** The caller's deleted households still inside their undo window (at most a few). */
  List<Deleted> deletedMine() {
    return jdbc.sql(
            "select id, name, deleted_at, purge_after from pawkeep_my_deleted_households()"
                + " limit 100")
        .query(
            (rs, n) ->
                new Deleted(
                    rs.getObject("id", UUID.class),
                    rs.getString("name"),
                    Instants.from(rs, "deleted_at"),
                    Instants.from(rs, "purge_after")))
        .list();
  }

  List<HouseholdMember> members(UUID householdId) {
    return members(householdId, "", Map.of());
  }

  /** One page of the members, by joining time, one row beyond the page (HARD-8). */
  List<HouseholdMember> members(UUID householdId, PageRequest page) {
    Seek after =
        page.seek(SortKey.ascending(SortKey.instant("m.joined_at"), SortKey.uuid("m.user_id")));
    return members(
        householdId, after.and() + " order by m.joined_at, m.user_id limit :fetch", after.params());
  }

  private List<HouseholdMember> members(UUID householdId, String tail, Map<String, ?> params) {
    return jdbc.sql(
            """
            select m.user_id, p.display_name, p.email, m.role, m.joined_at, m.sitting_from,
                   m.sitting_until
              from household_members m
              join pawkeep_household_people(:householdId) p on p.user_id = m.user_id
             where m.household_id = :householdId"""
                + (tail.isEmpty() ? " order by m.joined_at, m.user_id" : tail))
        .param("householdId", householdId)
        .params(params)
        .query(
            (rs, n) ->
                new HouseholdMember(
                    rs.getObject("user_id", UUID.class),
                    rs.getString("display_name"),
                    rs.getString("email"),
                    rs.getString("role"),
                    Instants.from(rs, "joined_at"),
                    Instants.from(rs, "sitting_from"),
                    Instants.from(rs, "sitting_until")))
        .list();
  }

  boolean updateMember(
      UUID householdId, UUID userId, String role, Instant sittingFrom, Instant sittingUntil) {
    return jdbc.sql(
                """
                update household_members set role = :role, sitting_from = :sittingFrom,
                    sitting_until = :sittingUntil
                 where household_id = :householdId and user_id = :userId
                """)
            .param("role", role)
            .param("sittingFrom", Instants.timestamp(sittingFrom))
            .param("sittingUntil", Instants.timestamp(sittingUntil))
            .param("householdId", householdId)
            .param("userId", userId)
            .update()
        == 1;
  }

  boolean removeMember(UUID householdId, UUID userId) {
    return jdbc.sql(
                "delete from household_members"
                    + " where household_id = :householdId and user_id = :userId")
            .param("householdId", householdId)
            .param("userId", userId)
            .update()
        == 1;
  }

  boolean isOwner(UUID householdId, UUID userId) {
    return jdbc.sql(
            "select exists (select 1 from household_members where household_id = :householdId"
                + " and user_id = :userId and role = 'owner')")
        .param("householdId", householdId)
        .param("userId", userId)
        .query(Boolean.class)
        .single();
  }

  long ownersBesides(UUID householdId, UUID userId) {
    return jdbc.sql(
            "select count(*) from household_members"
                + " where household_id = :householdId and role = 'owner'"
                + " and user_id <> :userId")
        .param("householdId", householdId)
        .param("userId", userId)
        .query(Long.class)
        .single();
  }

  void insertInvite(
      UUID id,
      UUID householdId,
      byte[] tokenHash,
      String role,
      Instant sittingFrom,
      Instant sittingUntil,
      UUID createdBy,
      Instant now,
      Instant expiresAt) {
    jdbc.sql(
            """
            insert into household_invites (id, household_id, token_hash, role, sitting_from,
                                           sitting_until, created_by, created_at, expires_at)
            values (:id, :householdId, :tokenHash, :role, :sittingFrom, :sittingUntil,
                    :createdBy, :now, :expiresAt)
            """)
        .param("id", id)
        .param("householdId", householdId)
        .param("tokenHash", tokenHash)
        .param("role", role)
        .param("sittingFrom", Instants.timestamp(sittingFrom))
        .param("sittingUntil", Instants.timestamp(sittingUntil))
        .param("createdBy", createdBy)
        .param("now", Instants.timestamp(now))
        .param("expiresAt", Instants.timestamp(expiresAt))
        .update();
  }

  boolean revokeInvite(UUID householdId, UUID inviteId, Instant now) {
    return jdbc.sql(
                """
                update household_invites set revoked_at = :now
                 where id = :inviteId and household_id = :householdId and revoked_at is null
                   and accepted_at is null
                """)
            .param("now", Instants.timestamp(now))
            .param("inviteId", inviteId)
            .param("householdId", householdId)
            .update()
        == 1;
  }

  /** An invitation not yet accepted, revoked or expired, as its household's owners see it. */
  record PendingInvite(
      UUID id,
      String role,
      Instant sittingFrom,
      Instant sittingUntil,
      Instant createdAt,
      Instant expiresAt) {}

  /**
   * One page of the household's open invitations, newest first, one row beyond the page (HARD-8);
   * row-level security shows them to owners only.
   */
  List<PendingInvite> pendingInvites(UUID householdId, Instant now, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("created_at"), SortKey.uuid("id")));
    return jdbc.sql(
            """
            select id, role, sitting_from, sitting_until, created_at, expires_at
              from household_invites
             where household_id = :householdId and accepted_at is null and revoked_at is null
               and expires_at > :now"""
                + after.and()
                + " order by created_at desc, id desc limit :fetch")
        .param("householdId", householdId)
        .param("now", Instants.timestamp(now))
        .params(after.params())
        .query(
            (rs, n) ->
                new PendingInvite(
                    rs.getObject("id", UUID.class),
                    rs.getString("role"),
                    Instants.from(rs, "sitting_from"),
                    Instants.from(rs, "sitting_until"),
                    Instants.from(rs, "created_at"),
                    Instants.from(rs, "expires_at")))
        .list();
  }

  Optional<UUID> acceptInvite(byte[] tokenHash, Instant now) {
    // The function answers null for an invitation that cannot be accepted.
    return jdbc.sql("select pawkeep_accept_household_invite(:tokenHash, :now)")
        .param("tokenHash", tokenHash)
        .param("now", Instants.timestamp(now))
        .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
        .single();
  }
}
