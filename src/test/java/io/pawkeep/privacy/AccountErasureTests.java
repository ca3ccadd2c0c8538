package io.pawkeep.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.AccountPurge;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A person deletes their own account (PRIV-2): current password required, refused while they are
 * the only owner of a household; then signed out everywhere at once and unable to sign in; only an
 * operator brings it back inside the window; after it the purge leaves a nameless tombstone and the
 * audit trail keeps their events by id without their name or email.
 */
class AccountErasureTests extends ApiTestSupport {

  private static final String OPERATOR = "erasure-operator@pawkeep.test";
  private static String operatorSecret;

  @Autowired AccountPurge purge;
  @Autowired OwnerDatabase schemaOwner;

  @Test
  void aDeletedAccountCannotSignInAndItsTokensStopWorkingAtOnce() {
    User person = signedInUser("leaver");
    assertThat(deleteMe(person, "not-my-password").status()).isEqualTo(400);
    assertThat(deleteMe(person, null).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);

    ApiClient.Response deleted = deleteMe(person, person.password());
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(202);
    assertThat(deleted.text("eraseAfter")).isNotBlank();

    assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(401);
    assertThat(
            api.post("/api/v1/auth/refresh", Map.of("refresh_token", person.refreshToken()))
                .status())
        .isEqualTo(401);
    ApiClient.Response signIn = login(person.email(), person.password());
    assertThat(signIn.status()).isEqualTo(401);
    assertThat(signIn.raw()).doesNotContain("access_token");
  }

  @Test
  void theOnlyOwnerOfAHouseholdMustHandItOverFirst() {
    User owner = signedInUser("sole-owner");
    String household = createHousehold(owner, "Only Mine");
    ApiClient.Response refused = deleteMe(owner, owner.password());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.raw()).contains("only owner of a household");
    assertThat(api.get("/api/v1/me", owner.accessToken()).status()).isEqualTo(200);

    User partner = signedInUser("co-owner");
    join(owner, household, partner, "owner");
    assertThat(deleteMe(owner, owner.password()).status()).isEqualTo(202);
    assertThat(api.get("/api/v1/households/" + household, partner.accessToken()).status())
        .as("the household stays with its other owner")
        .isEqualTo(200);
  }

  @Test
  void onlyAnOperatorBringsADeletedAccountBackAndTheAccountItselfCannot() {
    User person = signedInUser("comeback");
    String id = userId(person);
    User someone = signedInUser("bystander");
    assertThat(deleteMe(person, person.password()).status()).isEqualTo(202);

    assertThat(reactivate(someone, id).status()).isIn(403, 404);
    assertThat(login(person.email(), person.password()).status()).isEqualTo(401);

    ApiClient.Response back = reactivate(operator(), id);
    assertThat(back.status()).as(back.raw()).isLessThan(300);
    assertThat(login(person.email(), person.password()).status()).isEqualTo(200);
    assertThat(
            ownerCount(
                "select count(*) from users where id = ?::uuid and erase_after is not null", id))
        .as("the undo clears the erasure")
        .isZero();
  }

  @Test
  void afterTheWindowThePurgeLeavesANamelessTombstoneAndTheAuditKeepsTheIdOnly() {
    User person = signedInUser("erased");
    String id = userId(person);
    String household = createHousehold(person, "Short Lived");
    User partner = signedInUser("keeper");
    join(person, household, partner, "owner");
    String name =
        schemaOwner
            .jdbc()
            .sql("select display_name from users where id = ?::uuid")
            .param(id)
            .query(String.class)
            .single();
    assertThat(deleteMe(person, person.password()).status()).isEqualTo(202);
    assertThat(purge.run()).as("nothing is due inside the window").isZero();

    schemaOwner
        .jdbc()
        .sql("update users set erase_after = now() - interval '1 second' where id = ?::uuid")
        .param(id)
        .update();
    assertThat(purge.run()).isGreaterThanOrEqualTo(1);

    Map<String, Object> tombstone =
        schemaOwner
            .jdbc()
            .sql("select * from users where id = ?::uuid")
            .param(id)
            .query()
            .singleRow();
    assertThat(tombstone.get("erased_at")).isNotNull();
    assertThat(tombstone.toString()).doesNotContain(person.email()).doesNotContain(name);
    for (String table : new String[] {"sessions", "household_members", "refresh_tokens"}) {
      assertThat(ownerCount("select count(*) from " + table + " where user_id = ?::uuid", id))
          .as(table)
          .isZero();
    }
    assertThat(
            ownerCount(
                "select count(*) from audit_events where actor_id = ?::uuid or chain_id = ?::uuid",
                id,
                id))
        .as("the person's events stay, by id")
        .isPositive();
    assertThat(
            ownerCount(
                "select count(*) from audit_events where to_jsonb(audit_events)::text ilike ?",
                "%" + person.email() + "%"))
        .isZero();
    assertThat(login(person.email(), person.password()).status()).isEqualTo(401);
    assertThat(reactivate(operator(), id).status())
        .as("a tombstone stays erased")
        .isNotEqualTo(200);
    assertThat(api.get("/api/v1/households/" + household, partner.accessToken()).status())
        .isEqualTo(200);
  }

  private ApiClient.Response deleteMe(User user, String password) {
    java.util.Map<String, Object> body = new java.util.HashMap<>();
    body.put("currentPassword", password);
    return api.delete("/api/v1/me", body, user.accessToken());
  }

  private ApiClient.Response reactivate(User caller, String id) {
    return api.post("/api/v1/admin/users/" + id + "/reactivate", Map.of(), caller.accessToken());
  }

  private long ownerCount(String sql, Object... params) {
    return schemaOwner.jdbc().sql(sql).params(params).query(Long.class).single();
  }

  private User operator() {
    if (login(OPERATOR, PASSWORD).status() != 200) {
      registerVerified(OPERATOR, PASSWORD);
    }
    if (operatorSecret == null) {
      ApiClient.Response first = login(OPERATOR, PASSWORD);
      operatorSecret =
          enrolTotp(
              new User(
                  OPERATOR, PASSWORD, first.text("access_token"), first.text("refresh_token")));
    }
    ApiClient.Response r = loginWithTotp(OPERATOR, PASSWORD, operatorSecret);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(OPERATOR, PASSWORD, r.text("access_token"), r.text("refresh_token"));
  }
}
