package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database enforces the business rules by itself (row-level security and the permission
 * functions of {@code V20__businesses.sql}), whatever the application layer does.
 */
class BusinessDatabaseTests extends BusinessTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void roleTemplatesAreDefinedOnceInTheDatabaseAndAccountantsNeverHoldSensitivePermissions() {
    List<String> accountant =
        jdbc.sql(
                "select permission from business_role_permissions where role = 'accountant'"
                    + " order by permission")
            .query(String.class)
            .list();
    assertThat(accountant).containsExactly("billing.read");
    assertThat(
            jdbc.sql("select count(*) from business_role_permissions where role = 'owner'")
                .query(Long.class)
                .single())
        .isEqualTo(
            jdbc.sql("select count(*) from business_permissions").query(Long.class).single());
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from business_role_permissions rp
                      join business_roles r on r.name = rp.role
                      join business_permissions p on p.name = rp.permission
                     where p.sensitive and not r.sensitive_allowed
                    """)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void ownerWithoutTheRequiredSecondFactorHoldsNoPermissionEvenInTheDatabase() {
    User weak = signedInUser("weak");
    String weakBusiness = createBusiness(weak, "clinic", "Weak");
    User strong = withSecondFactor("strong");
    String strongBusiness = createBusiness(strong, "clinic", "Strong");

    asCaller(
        weak,
        sql -> {
          assertThat(permissions(sql, weakBusiness)).isEmpty();
          assertThat(
                  sql.sql("update businesses set name = 'Taken' where id = ?")
                      .param(UUID.fromString(weakBusiness))
                      .update())
              .isZero();
          return null;
        });
    asCaller(
        strong,
        sql -> {
          assertThat(permissions(sql, strongBusiness)).hasSize(16);
          assertThat(permissions(sql, weakBusiness)).isEmpty();
          return null;
        });
  }

  @Test
  void staffCannotPromoteThemselvesNorGrantPermissionsDirectlyInTheDatabase() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "care_company", "Direct");
    User walker = signedInUser("walker");
    hire(owner, id, walker, "staff");
    UUID business = UUID.fromString(id);
    UUID walkerId = UUID.fromString(userId(walker));

    asCaller(
        walker,
        sql -> {
          assertThat(
                  sql.sql("update business_staff set role = 'owner' where business_id = ?")
                      .param(business)
                      .update())
              .isZero();
          assertThat(sql.sql("select count(*) from business_staff").query(Long.class).single())
              .isEqualTo(1);
          assertThat(
                  sql.sql("select count(*) from business_staff_invites").query(Long.class).single())
              .isZero();
          return null;
        });
    assertThatThrownBy(
            () ->
                asCaller(
                    walker,
                    sql ->
                        sql.sql(
                                "insert into business_staff_permissions (business_id, user_id,"
                                    + " permission, granted) values (?, ?, 'payouts.manage', true)")
                            .params(business, walkerId)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(
            () ->
                asCaller(
                    owner,
                    sql ->
                        sql.sql(
                                "insert into business_clients (business_id, household_id, status)"
                                    + " values (?, ?, 'active')")
                            .params(business, UUID.randomUUID())
                            .update()))
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void managersCannotMakeOwnersNorTouchOwnersDirectlyInTheDatabase() {
    User owner = withSecondFactor("owner");
    String id = createBusiness(owner, "clinic", "Owned");
    User manager = withSecondFactor("manager");
    hire(owner, id, manager, "manager");
    User walker = signedInUser("walker");
    hire(owner, id, walker, "staff");
    UUID business = UUID.fromString(id);
    UUID ownerId = UUID.fromString(userId(owner));
    UUID walkerId = UUID.fromString(userId(walker));

    asCaller(
        manager,
        sql -> {
          assertThat(
                  sql.sql(
                          "update business_staff set role = 'staff' where business_id = ?"
                              + " and user_id = ?")
                      .params(business, ownerId)
                      .update())
              .isZero();
          assertThat(
                  sql.sql("delete from business_staff where business_id = ? and user_id = ?")
                      .params(business, ownerId)
                      .update())
              .isZero();
          return null;
        });
    assertThatThrownBy(
            () ->
                asCaller(
                    manager,
                    sql ->
                        sql.sql(
                                "update business_staff set role = 'owner' where business_id = ?"
                                    + " and user_id = ?")
                            .params(business, walkerId)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    assertThat(api.get("/api/v1/businesses/" + id, walker.accessToken()).text("role"))
        .isEqualTo("staff");
  }

  @Test
  void aRoleThatNeedsTheRequiredSecondFactorHoldsNoPermissionWithoutItInAnyPermissionFunction() {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "care_company", "Strict Walks");
    User manager = signedInUser("manager");
    hire(owner, business, manager, "manager");
    User walker = signedInUser("walker");
    hire(owner, business, walker, "staff");
    UUID id = UUID.fromString(business);

    // The manager's role carries permissions, but not in a session without the second factor:
    // not in the business, not in the policies' list of businesses, not in the schedule's names.
    asCaller(
        manager,
        sql -> {
          assertThat(
                  sql.sql("select pawkeep_staff_permissions(?, ?)")
                      .param(id)
                      .param(UUID.fromString(userId(manager)))
                      .query((rs, n) -> (String[]) rs.getArray(1).getArray())
                      .single())
              .contains("bookings.read", "staff.manage");
          assertThat(permissions(sql, business)).isEmpty();
          assertThat(inBusinessesWith(sql, id, "bookings.read")).isFalse();
          assertThat(inBusinessesWith(sql, id, "staff.manage")).isFalse();
          assertThat(
                  sql.sql("select count(*) from pawkeep_business_names(?, null, ?, null)")
                      .param(id)
                      .param(new UUID[] {UUID.fromString(userId(walker))})
                      .query(Long.class)
                      .single())
              .isZero();
          assertThat(
                  sql.sql(
                          "select count(*) from business_staff where business_id = ? and user_id"
                              + " <> pawkeep_current_user()")
                      .param(id)
                      .query(Long.class)
                      .single())
              .isZero();
          return null;
        });
    // A staff role is not concerned; the owner with the second factor holds every permission.
    asCaller(
        walker,
        sql -> {
          assertThat(permissions(sql, business)).contains("bookings.read");
          assertThat(inBusinessesWith(sql, id, "bookings.read")).isTrue();
          return null;
        });
    asCaller(
        owner,
        sql -> {
          assertThat(permissions(sql, business)).hasSize(16);
          assertThat(inBusinessesWith(sql, id, "staff.manage")).isTrue();
          return null;
        });
  }

  private static boolean inBusinessesWith(JdbcClient sql, UUID business, String permission) {
    return sql.sql("select ? = any (pawkeep_my_businesses_with(?))")
        .param(business)
        .param(permission)
        .query(Boolean.class)
        .single();
  }

  private static List<String> permissions(JdbcClient sql, String business) {
    return List.of(
        sql.sql("select pawkeep_business_permissions(?)")
            .param(UUID.fromString(business))
            .query((rs, n) -> (String[]) rs.getArray(1).getArray())
            .single());
  }
}
