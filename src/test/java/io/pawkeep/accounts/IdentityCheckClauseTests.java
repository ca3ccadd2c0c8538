package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * SESS-4: each clause of the identity check ({@code pawkeep_begin_request}) refuses on its own. The
 * application's deactivation and password flows also revoke the sessions, so the revocation clause
 * alone would refuse their tokens; here the sessions stay live and only the account's {@code
 * deactivated_at} (resp. {@code sessions_valid_after}, strictly after the token's issue time)
 * changes, each through a write the application role is allowed to make.
 */
class IdentityCheckClauseTests extends ApiTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired OwnerDatabase schemaOwner;

  private final List<String> allowlisted = new ArrayList<>();

  /** What {@code pawkeep_begin_request} answered and the identity it left set. */
  record Begin(boolean accepted, String identity) {}

  @AfterEach
  void removeAllowlistedOperators() {
    for (String email : allowlisted) {
      schemaOwner.jdbc().sql("delete from platform_admins where email = ?").param(email).update();
    }
  }

  @Test
  void aDeactivatedAccountsStillLiveSessionIsRefusedByTheDatabaseAndTheApi() {
    User admin = platformAdmin();
    User walker = signedInUser("walker");
    UUID id = claim(walker, "sub");
    UUID session = claim(walker, "sid");
    Instant issuedAt = issuedAt(walker);
    assertThat(beginRequest(id, session, issuedAt)).isEqualTo(new Begin(true, id.toString()));
    assertThat(api.get("/api/v1/me", walker.accessToken()).status()).isEqualTo(200);

    // A platform administrator's own SQL as the application role (the trigger lets only them
    // change deactivated_at): the account is deactivated, its sessions and cut-off left alone.
    int changed =
        asCaller(
            admin,
            sql ->
                sql.sql("update users set deactivated_at = ? where id = ?")
                    .params(Timestamp.from(clock.instant()), id)
                    .update());
    assertThat(changed).isEqualTo(1);
    assertThat(sessionStillLiveAndTokenNotBeforeTheCutOff(admin, id, session, issuedAt)).isTrue();

    // Both levels checked and reported together: the API answer and the database's own.
    ApiClient.Response me = api.get("/api/v1/me", walker.accessToken());
    Begin begin = beginRequest(id, session, issuedAt);
    assertSoftly(
        soft -> {
          soft.assertThat(me.status()).as("API answer to the token: " + me.raw()).isEqualTo(401);
          soft.assertThat(begin).as("pawkeep_begin_request").isEqualTo(new Begin(false, ""));
        });
  }

  @Test
  void aTokenIssuedBeforeTheCutOffIsRefusedWhileItsSessionStaysLive() {
    User walker = signedInUser("walker");
    UUID id = claim(walker, "sub");
    UUID session = claim(walker, "sid");
    Instant issuedAt = issuedAt(walker);
    assertThat(beginRequest(id, session, issuedAt)).isEqualTo(new Begin(true, id.toString()));

    // The cut-off strictly after the token's issue time (a frozen clock would make them equal,
    // which the check accepts). The account's own SQL may move it forward, never back.
    clock.advance(Duration.ofMinutes(1));
    Instant cutOff = clock.instant();
    int changed =
        asCaller(
            walker,
            sql ->
                sql.sql("update users set sessions_valid_after = ? where id = ?")
                    .params(Timestamp.from(cutOff), id)
                    .update());
    assertThat(changed).isEqualTo(1);
    assertThat(issuedAt).isBefore(cutOff.minusSeconds(1));

    // Both levels checked and reported together: the API answer and the database's own.
    ApiClient.Response me = api.get("/api/v1/me", walker.accessToken());
    Begin begin = beginRequest(id, session, issuedAt);
    assertSoftly(
        soft -> {
          soft.assertThat(me.status()).as("API answer to the token: " + me.raw()).isEqualTo(401);
          soft.assertThat(begin).as("pawkeep_begin_request").isEqualTo(new Begin(false, ""));
        });

    // Positive control: the session itself is live, so a token of it issued at the cut-off is
    // accepted; only the old issue time was refused.
    assertThat(beginRequest(id, session, cutOff)).isEqualTo(new Begin(true, id.toString()));
  }

  /**
   * Calls the identity check as the application role in a transaction that starts without an
   * identity, as {@code tenancy/IdentityTransactionManager} calls it, and reads what it set.
   */
  private Begin beginRequest(UUID user, UUID session, Instant issuedAt) {
    return new TransactionTemplate(transactions)
        .execute(
            tx -> {
              boolean accepted =
                  jdbc.sql("select pawkeep_begin_request(?, ?, ?, ?)")
                      .params(
                          user, session, Timestamp.from(issuedAt), Timestamp.from(clock.instant()))
                      .query(Boolean.class)
                      .single();
              String identity =
                  jdbc.sql("select coalesce(pawkeep_current_user()::text, '')")
                      .query(String.class)
                      .single();
              return new Begin(accepted, identity);
            });
  }

  /** Read by the administrator as the application role: only the one clause changed. */
  private boolean sessionStillLiveAndTokenNotBeforeTheCutOff(
      User admin, UUID user, UUID session, Instant issuedAt) {
    return asCaller(
        admin,
        sql ->
            sql.sql(
                    """
                    select s.revoked_at is null and s.expires_at > :now
                           and :issued >= date_trunc('second', u.sessions_valid_after)
                      from users u join sessions s on s.user_id = u.id
                     where u.id = :user and s.id = :session
                    """)
                .param("now", Timestamp.from(clock.instant()))
                .param("issued", Timestamp.from(issuedAt))
                .param("user", user)
                .param("session", session)
                .query(Boolean.class)
                .single());
  }

  /**
   * An operator signed in with the second factor whose address the schema owner adds to the
   * allowlist, as start-up copies it from configuration: the configured addresses are shared with
   * other test classes, whose second-factor seeds this class does not know.
   */
  private User platformAdmin() {
    User admin = withSecondFactor("operator");
    schemaOwner
        .jdbc()
        .sql("insert into platform_admins (email) values (?)")
        .param(admin.email())
        .update();
    allowlisted.add(admin.email());
    return admin;
  }

  private static Instant issuedAt(User user) {
    return Instant.ofEpochSecond(payload(user.accessToken()).path("iat").asLong());
  }

  private static tools.jackson.databind.JsonNode payload(String accessToken) {
    String payload = accessToken.split("\\.")[1];
    return JsonMapper.builder()
        .build()
        .readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
