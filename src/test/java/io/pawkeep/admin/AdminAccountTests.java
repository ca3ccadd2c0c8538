package io.pawkeep.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.Mailbox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An operator finds an account and starts its password reset (AUTHZ-7): platform administrators
 * with a second factor only, also in the database, every action audited, the link never shown.
 */
class AdminAccountTests extends ApiTestSupport {

  private static final String OPERATOR = "operator@pawkeep.test";
  private static final String FACTORLESS_OPERATOR = "factorless-operator@pawkeep.test";
  private static final String NEW_PASSWORD = "violet-harbour-drifts-at-noon";

  @Autowired OwnerDatabase schemaOwner;

  private static String operatorSecret;

  @Test
  void anOperatorWithTheSecondFactorFindsAnAccountByItsEmailInAnyCase() {
    User operator = operator();
    User walker = signedInUser("lookup-walker");
    ApiClient.Response r =
        api.get(find(walker.email().toUpperCase(Locale.ROOT)), operator.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.items()).hasSize(1);
    JsonNode account = r.items().get(0);
    assertThat(account.path("id").asString()).isEqualTo(userId(walker));
    assertThat(account.path("email").asString()).isEqualTo(walker.email());
    assertThat(account.path("status").asString()).isEqualTo("active");
    assertThat(account.path("emailVerified").asBoolean()).isTrue();
    assertThat(account.path("secondFactor").asBoolean()).isFalse();
    Instant created = Instant.parse(account.path("createdAt").asString());
    assertThat(Instant.parse(account.path("lastSignInAt").asString())).isAfterOrEqualTo(created);
    assertThat(r.raw()).doesNotContain("password").doesNotContain("totp");
    assertThat(auditActions(UUID.fromString(userId(walker)), operator))
        .contains("admin.user_searched");
  }

  @Test
  void anUnknownEmailAnswersAnEmptyListAndIsAuditedOnThePlatformChain() {
    User operator = operator();
    long before = auditCount(AuditEvent.PLATFORM_CHAIN, operator, "admin.user_searched");
    ApiClient.Response r = api.get(find(uniqueEmail("nobody")), operator.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.items()).isEmpty();
    assertThat(auditCount(AuditEvent.PLATFORM_CHAIN, operator, "admin.user_searched"))
        .isEqualTo(before + 1);
  }

  @Test
  void findingAnAccountIsRefusedToOrdinaryUsersAndToOperatorsWithoutTheSecondFactor() {
    User victim = signedInUser("lookup-victim");
    User mallory = signedInUser("lookup-mallory");
    assertThat(api.get(find(victim.email()), mallory.accessToken()).status()).isEqualTo(403);
    assertThat(api.get(find(victim.email()), factorlessOperator().accessToken()).status())
        .isEqualTo(403);
  }

  @Test
  void onlyAnOperatorWithTheSecondFactorSeesAnotherAccountInTheDatabase() {
    User victim = signedInUser("db-lookup-victim");
    User mallory = signedInUser("db-lookup-mallory");
    assertThat(accountsSeenBy(mallory, victim.email())).isZero();
    assertThat(accountsSeenBy(factorlessOperator(), victim.email())).isZero();
    assertThat(accountsSeenBy(operator(), victim.email())).isOne();
  }

  /** How many accounts with this email the user's own SQL sees, as the application role. */
  private long accountsSeenBy(User user, String email) {
    Long count =
        asCaller(
            user,
            db ->
                db.sql("select count(*) from users where email = ?")
                    .param(email)
                    .query(Long.class)
                    .single());
    return count;
  }

  @Test
  void aMalformedOrMissingEmailIsAProblemNotAnError() {
    User operator = operator();
    ApiClient.Response malformed = api.get(find("not-an-address"), operator.accessToken());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
    assertThat(api.get("/api/v1/admin/users", operator.accessToken()).status()).isEqualTo(400);
  }

  @Test
  void anOperatorMailsTheAccountItsOwnResetLinkWithoutSeeingItAndEndsNothing() {
    User operator = operator();
    User walker = signedInUser("reset-walker");
    UUID walkerId = UUID.fromString(userId(walker));
    ApiClient.Response r = reset(walkerId.toString(), operator);
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    String token = Mailbox.awaitLatest(walker.email(), "Reset", 1).token();
    assertThat(r.raw()).doesNotContain(token);
    // Starting a reset ends nothing: the account's own session still works until the link is used.
    assertThat(api.get("/api/v1/me", walker.accessToken()).status()).isEqualTo(200);
    assertThat(
            api.post(
                    "/api/v1/auth/password-reset/confirm",
                    Map.of("token", token, "newPassword", NEW_PASSWORD))
                .status())
        .isEqualTo(204);
    assertThat(login(walker.email(), NEW_PASSWORD).status()).isEqualTo(200);
    assertThat(auditActions(walkerId, operator)).contains("admin.password_reset_started");
  }

  @Test
  void startingAResetIsRefusedToOrdinaryUsersAndToOperatorsWithoutTheSecondFactor() {
    User victim = signedInUser("reset-victim");
    User mallory = signedInUser("reset-mallory");
    assertThat(reset(userId(victim), mallory).status()).isEqualTo(403);
    assertThat(reset(userId(victim), factorlessOperator()).status()).isEqualTo(403);
    assertThat(Mailbox.mailsTo(victim.email())).noneMatch(mail -> mail.subject().contains("Reset"));
  }

  @Test
  void aResetForAnUnknownOrDeactivatedAccountIsAProblem() {
    User operator = operator();
    assertThat(reset(UUID.randomUUID().toString(), operator).status()).isEqualTo(404);
    ApiClient.Response malformed = reset("nope", operator);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
    User gone = signedInUser("reset-gone");
    String goneId = userId(gone);
    assertThat(
            api.post("/api/v1/admin/users/" + goneId + "/deactivate", null, operator.accessToken())
                .status())
        .isEqualTo(204);
    assertThat(reset(goneId, operator).status()).isEqualTo(409);
    assertThat(Mailbox.mailsTo(gone.email())).noneMatch(mail -> mail.subject().contains("Reset"));
  }

  @Test
  void onlyAnOperatorWithTheSecondFactorCreatesAResetLinkForAnotherAccountInTheDatabase() {
    User victim = signedInUser("db-reset-victim");
    UUID victimId = UUID.fromString(userId(victim));
    User mallory = signedInUser("db-reset-mallory");
    for (User caller : java.util.List.of(mallory, factorlessOperator())) {
      byte[] viaFunction = randomHash();
      assertThatThrownBy(() -> asCaller(caller, db -> startResetFor(db, victimId, viaFunction)))
          .isInstanceOf(DataAccessException.class);
      // Nor by writing the link directly, switching the transaction's account to the victim's
      // while keeping the caller's session (what the operator path did).
      byte[] direct = randomHash();
      assertThatThrownBy(
              () ->
                  asCaller(
                      caller,
                      db -> {
                        db.sql("select set_config('pawkeep.user_id', ?, true)")
                            .param(victimId.toString())
                            .query(String.class)
                            .single();
                        return db.sql(
                                """
                                insert into one_time_tokens (token_hash, user_id, purpose,
                                                             created_at, expires_at)
                                values (?, ?, 'password_reset', now(), now() + interval '1 hour')
                                """)
                            .params(direct, victimId)
                            .update();
                      }))
          .isInstanceOf(DataAccessException.class);
      assertThat(resetLinks(victimId, viaFunction, direct)).isZero();
    }
    User operator = operator();
    long auditedBefore = auditCount(victimId, operator, "admin.password_reset_started");
    byte[] granted = randomHash();
    String mailTo = asCaller(operator, db -> startResetFor(db, victimId, granted));
    assertThat(mailTo).isEqualTo(victim.email());
    assertThat(resetLinks(victimId, granted)).isOne();
    assertThat(auditCount(victimId, operator, "admin.password_reset_started"))
        .isEqualTo(auditedBefore + 1);
  }

  private static String startResetFor(JdbcClient db, UUID userId, byte[] tokenHash) {
    return db.sql("select pawkeep_start_reset_for(?, ?, now(), now() + interval '30 minutes')")
        .params(userId, tokenHash)
        .query(String.class)
        .single();
  }

  private static byte[] randomHash() {
    byte[] hash = new byte[32];
    new java.security.SecureRandom().nextBytes(hash);
    return hash;
  }

  /** How many of these reset links of the account exist, as the schema owner sees them. */
  private long resetLinks(UUID userId, byte[]... hashes) {
    long count = 0;
    for (byte[] hash : hashes) {
      count +=
          schemaOwner
              .jdbc()
              .sql(
                  "select count(*) from one_time_tokens where user_id = ? and token_hash = ?"
                      + " and purpose = 'password_reset'")
              .params(userId, hash)
              .query(Long.class)
              .single();
    }
    return count;
  }

  private ApiClient.Response reset(String userId, User caller) {
    return api.post(
        "/api/v1/admin/users/" + userId + "/password-reset", null, caller.accessToken());
  }

  private static String find(String email) {
    return "/api/v1/admin/users?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
  }

  private java.util.List<String> auditActions(UUID chain, User actor) {
    return schemaOwner
        .jdbc()
        .sql("select action from audit_events where chain_id = ? and actor_id = ?")
        .params(chain, claim(actor, "sub"))
        .query(String.class)
        .list();
  }

  private long auditCount(UUID chain, User actor, String action) {
    return auditActions(chain, actor).stream().filter(action::equals).count();
  }

  /** The allowlisted operator, signed in with password and TOTP. */
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

  /** An allowlisted operator who never enrols a second factor. */
  private User factorlessOperator() {
    ApiClient.Response r = login(FACTORLESS_OPERATOR, PASSWORD);
    if (r.status() != 200) {
      registerVerified(FACTORLESS_OPERATOR, PASSWORD);
      r = login(FACTORLESS_OPERATOR, PASSWORD);
    }
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(FACTORLESS_OPERATOR, PASSWORD, r.text("access_token"), r.text("refresh_token"));
  }
}
