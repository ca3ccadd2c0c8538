package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nobody grants what they do not hold (AUTHZ-9), enforced by the database itself: with only the
 * application role's SQL (a leaked password, an injection), a staff manager can neither make an
 * owner, nor reduce one, nor give a role beyond their own permissions, and an invitation is judged
 * again against its creator when it is accepted. Each refusal is insufficient_privilege (42501).
 */
class StaffGrantDatabaseTests extends BusinessTestSupport {

  private static final String INSERT_INVITE =
      """
      insert into business_staff_invites (id, business_id, token_hash, role, created_by,
                                          created_at, expires_at)
      values (?, ?, ?, ?, ?, now(), now() + interval '1 day')
      """;

  @Autowired OwnerDatabase schemaOwner;

  @Test
  void nonOwnersCannotCreateOrForgeAnOwnerInvitationInTheDatabase() {
    Clinic c = clinic();
    UUID invite = UUID.fromString(invite(c.manager(), c.id(), "staff", Map.of()).text("id"));

    assertRefused(() -> asCaller(c.manager(), sql -> insertInvite(sql, c, "owner", c.managerId())));
    // Nor by naming an owner as the invitation's creator.
    assertRefused(() -> asCaller(c.manager(), sql -> insertInvite(sql, c, "staff", c.ownerId())));
    // Nor by turning an existing invitation into an owner's.
    assertRefused(
        c.manager(), "update business_staff_invites set role = 'owner' where id = ?", invite);
    int inserted = asCaller(c.manager(), sql -> insertInvite(sql, c, "staff", c.managerId()));
    assertThat(inserted).isEqualTo(1);
  }

  @Test
  void anOwnersPermissionsCannotBeRevokedInTheDatabaseEvenByAnotherOwner() {
    Clinic c = clinic();
    User second = withSecondFactor("second");
    hire(c.owner(), c.id(), second, "owner");
    UUID secondId = UUID.fromString(userId(second));

    assertRefused(
        () -> asCaller(c.manager(), sql -> override(sql, c.business(), c.ownerId(), false)));
    assertRefused(() -> asCaller(c.owner(), sql -> override(sql, c.business(), secondId, false)));
    List<String> secondHolds =
        asCaller(c.owner(), sql -> permissionsOf(sql, c.business(), secondId));
    List<String> firstHolds =
        asCaller(c.manager(), sql -> permissionsOf(sql, c.business(), c.ownerId()));
    assertThat(secondHolds).hasSize(16);
    assertThat(firstHolds).hasSize(16);
  }

  @Test
  void anOverrideLeftOnAnOwnerFromBeforeNeverReducesThem() {
    Clinic c = clinic();
    // As a manager could write it before owners were closed to overrides: the schema owner's
    // statements pass the application role's triggers, so this stands in for such old data.
    schemaOwner
        .jdbc()
        .sql(
            "insert into business_staff_permissions (business_id, user_id, permission, granted)"
                + " values (?, ?, 'staff.manage', false)")
        .params(c.business(), c.ownerId())
        .update();

    List<String> holds =
        asCaller(c.manager(), sql -> permissionsOf(sql, c.business(), c.ownerId()));
    assertThat(holds).hasSize(16).contains("staff.manage");
  }

  @Test
  void aManagerCannotInviteOrPromoteIntoARoleWhoseTemplateTheyLackInTheDatabase() {
    Clinic c = clinic();
    User walker = signedInUser("walker");
    hire(c.owner(), c.id(), walker, "staff");
    User vet = signedInUser("vet");
    hire(c.owner(), c.id(), vet, "veterinarian");
    User friend = signedInUser("friend");
    User assistant = signedInUser("assistant");
    hire(c.owner(), c.id(), assistant, "veterinarian", Map.of("medical.write", "revoke"));
    UUID walkerId = UUID.fromString(userId(walker));
    UUID vetId = UUID.fromString(userId(vet));
    UUID friendId = UUID.fromString(userId(friend));
    UUID assistantId = UUID.fromString(userId(assistant));

    assertRefused(
        () -> asCaller(c.manager(), sql -> insertInvite(sql, c, "veterinarian", c.managerId())));
    assertRefused(
        c.manager(),
        "update business_staff set role = 'vet_technician'"
            + " where business_id = ? and user_id = ?",
        c.business(),
        walkerId);
    // Nor to themselves: a member who is not an owner never changes their own role.
    assertRefused(
        c.manager(),
        "update business_staff set role = 'veterinarian'"
            + " where business_id = ? and user_id = ?",
        c.business(),
        c.managerId());
    // Staff join only by invitation, and a membership never moves to another account.
    assertRefused(
        c.manager(),
        "insert into business_staff (business_id, user_id, role, joined_at)"
            + " values (?, ?, 'veterinarian', now())",
        c.business(),
        friendId);
    assertRefused(
        c.manager(),
        "update business_staff set user_id = ? where business_id = ?" + " and user_id = ?",
        friendId,
        c.business(),
        vetId);
    // Dropping a revoke gives the permission back.
    assertRefused(
        c.manager(),
        "delete from business_staff_permissions where business_id = ?" + " and user_id = ?",
        c.business(),
        assistantId);
    assertThat(api.get("/api/v1/businesses/" + c.id(), walker.accessToken()).text("role"))
        .isEqualTo("staff");
    List<String> kept = asCaller(c.owner(), sql -> permissionsOf(sql, c.business(), assistantId));
    assertThat(kept).doesNotContain("medical.write");
  }

  @Test
  void anInvitationIsJudgedAgainstItsCreatorWhenItIsAccepted() {
    Clinic c = clinic();
    User second = withSecondFactor("second");
    hire(c.owner(), c.id(), second, "owner");
    String ownerInvite = invite(second, c.id(), "owner", Map.of()).text("token");
    String staffInvite = invite(c.manager(), c.id(), "staff", Map.of()).text("token");
    String earlierInvite = invite(c.manager(), c.id(), "staff", Map.of()).text("token");
    User early = signedInUser("early");
    Optional<UUID> joined = asCaller(early, sql -> accept(sql, earlierInvite));
    assertThat(joined).contains(c.business());

    assertThat(changeMember(c.owner(), c.id(), second, Map.of("role", "manager")).status())
        .isEqualTo(200);
    assertThat(changeMember(c.owner(), c.id(), c.manager(), Map.of("role", "accountant")).status())
        .isEqualTo(200);
    User late = signedInUser("late");
    Optional<UUID> asOwner = asCaller(late, sql -> accept(sql, ownerInvite));
    Optional<UUID> asStaff = asCaller(late, sql -> accept(sql, staffInvite));
    assertThat(asOwner).isEmpty();
    assertThat(asStaff).isEmpty();
    assertThat(api.get("/api/v1/businesses/" + c.id(), late.accessToken()).status()).isEqualTo(404);
  }

  @Test
  void anInvitationOfADeactivatedCreatorCannotBeAccepted() {
    Clinic c = clinic();
    String token = invite(c.manager(), c.id(), "staff", Map.of()).text("token");
    schemaOwner
        .jdbc()
        .sql("update users set deactivated_at = now() where id = ?")
        .param(c.managerId())
        .update();
    User late = signedInUser("late");

    Optional<UUID> joined = asCaller(late, sql -> accept(sql, token));
    assertThat(joined).isEmpty();
  }

  @Test
  void anExpiredInvitationCannotBeAcceptedByPassingAnOldTime() {
    Clinic c = clinic();
    String token = invite(c.owner(), c.id(), "staff", Map.of()).text("token");
    // Expired by the database's own clock, whatever time the application says it is.
    schemaOwner
        .jdbc()
        .sql(
            "update business_staff_invites set expires_at = now() - interval '1 hour'"
                + " where token_hash = ?")
        .param(sha256(token))
        .update();
    User late = signedInUser("late");

    Optional<UUID> joined =
        asCaller(
            late,
            sql ->
                sql.sql("select pawkeep_accept_staff_invite(?, now() - interval '1 day')")
                    .param(sha256(token))
                    .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                    .single());
    assertThat(joined).isEmpty();
  }

  /** A clinic with its owner and a manager, both signed in with the second factor. */
  private record Clinic(String id, User owner, UUID ownerId, User manager, UUID managerId) {
    UUID business() {
      return UUID.fromString(id);
    }
  }

  private Clinic clinic() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Grants");
    User manager = withSecondFactor("manager");
    hire(owner, id, manager, "manager");
    return new Clinic(
        id, owner, UUID.fromString(userId(owner)), manager, UUID.fromString(userId(manager)));
  }

  private static int insertInvite(JdbcClient sql, Clinic c, String role, UUID createdBy) {
    byte[] hash = new byte[32];
    new SecureRandom().nextBytes(hash);
    return sql.sql(INSERT_INVITE)
        .params(UUID.randomUUID(), c.business(), hash, role, createdBy)
        .update();
  }

  private static int override(JdbcClient sql, UUID business, UUID member, boolean granted) {
    return sql.sql(
            "insert into business_staff_permissions (business_id, user_id, permission, granted)"
                + " values (?, ?, 'staff.manage', ?)")
        .params(business, member, granted)
        .update();
  }

  private static List<String> permissionsOf(JdbcClient sql, UUID business, UUID member) {
    return List.of(
        sql.sql("select pawkeep_staff_permissions(?, ?)")
            .params(business, member)
            .query((rs, n) -> (String[]) rs.getArray(1).getArray())
            .single());
  }

  private Optional<UUID> accept(JdbcClient sql, String token) {
    return sql.sql("select pawkeep_accept_staff_invite(?, ?)")
        .params(sha256(token), Timestamp.from(clock.instant()))
        .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
        .single();
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The statement (or its commit) is refused with insufficient_privilege. */
  private static void assertRefused(ThrowingCallable call) {
    assertThatThrownBy(call).satisfies(e -> assertThat(sqlState(e)).isEqualTo("42501"));
  }

  /** {@code statement} run by {@code caller} in the database is refused. */
  private void assertRefused(User caller, String statement, Object... params) {
    assertRefused(() -> asCaller(caller, sql -> sql.sql(statement).params(params).update()));
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s.getSQLState();
      }
    }
    return null;
  }
}
