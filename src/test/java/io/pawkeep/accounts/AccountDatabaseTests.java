package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.Mailbox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application role's own SQL, with the caller's identity and session set as a request sets
 * them, cannot forge what only proofs may change: a session's second factor (AUTH-4), an account's
 * email or its confirmation (AUTH-1), its deactivation or the time before which its tokens are
 * refused (SESS-4). See {@code V29__account_columns_and_clinical_lock.sql}.
 */
class AccountDatabaseTests extends ApiTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired OwnerDatabase schemaOwner;

  @Test
  void aUserCannotMarkTheirOwnSessionAsSecondFactorInTheDatabase() {
    User user = signedInUser("no-mfa");
    UUID session = claim(user, "sid");
    UUID id = claim(user, "sub");

    assertThatThrownBy(
            () ->
                asCaller(
                    user,
                    sql ->
                        sql.sql("update sessions set mfa = true where id = ?")
                            .param(session)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(
            () ->
                asCaller(
                    user,
                    sql ->
                        sql.sql(
                                """
                                insert into sessions (id, user_id, created_at, last_used_at,
                                                      expires_at, mfa)
                                values (?, ?, now(), now(), now() + interval '1 day', true)
                                """)
                            .params(UUID.randomUUID(), id)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    // The narrow way in needs a live second-factor challenge of this account: none here.
    Boolean opened =
        asCaller(
            user,
            sql ->
                sql.sql(
                        """
                        select pawkeep_open_second_factor_session(?, 5, ?, now(),
                                                                  now() + interval '1 day',
                                                                  null, null)
                        """)
                    .params(OpaqueTokens.hash(OpaqueTokens.generate()), UUID.randomUUID())
                    .query(Boolean.class)
                    .single());
    assertThat(opened).isFalse();
    Long withSecondFactor =
        asCaller(
            user,
            sql -> sql.sql("select count(*) from sessions where mfa").query(Long.class).single());
    assertThat(withSecondFactor).isZero();
  }

  @Test
  void aUserCannotChangeTheirOwnEmailNorConfirmItInTheDatabase() {
    String email = uniqueEmail("unconfirmed");
    assertThat(
            api.post(
                    "/api/v1/auth/register",
                    Map.of("email", email, "password", PASSWORD, "displayName", "Sam Pending"))
                .status())
        .isEqualTo(202);
    UUID id =
        jdbc.sql("select id from pawkeep_find_login(?)").param(email).query(UUID.class).single();

    assertThatThrownBy(
            () ->
                asUser(
                    id,
                    sql ->
                        sql.sql("update users set email_verified_at = now() where id = ?")
                            .param(id)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(
            () ->
                asUser(
                    id,
                    sql ->
                        sql.sql("update users set email = ? where id = ?")
                            .params(uniqueEmail("taken-over"), id)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    // Nor can an account be created already confirmed.
    UUID other = UUID.randomUUID();
    assertThatThrownBy(
            () ->
                asUser(
                    other,
                    sql ->
                        sql.sql(
                                """
                                insert into users (id, email, display_name, password_hash,
                                                   created_at, email_verified_at,
                                                   sessions_valid_after)
                                values (?, ?, 'Forged', 'x', now(), now(), now())
                                """)
                            .params(other, uniqueEmail("forged"))
                            .update()))
        .isInstanceOf(DataAccessException.class);
    // The narrow way in needs a live link of this account: a made-up one confirms nothing.
    Boolean confirmed =
        asUser(
            id,
            sql ->
                sql.sql("select pawkeep_use_email_link(?, 'verify_email', ?)")
                    .params(
                        OpaqueTokens.hash(OpaqueTokens.generate()), Timestamp.from(Instant.now()))
                    .query(Boolean.class)
                    .single());
    assertThat(confirmed).isFalse();
    assertThat(emailVerified(email)).isFalse();
  }

  @Test
  void aUserCannotReactivateTheirAccountNorReviveOldTokensInTheDatabase() {
    User user = signedInUser("deactivated");
    UUID id = claim(user, "sub");
    schemaOwner
        .jdbc()
        .sql("update users set deactivated_at = now() where id = ?")
        .param(id)
        .update();

    assertThatThrownBy(
            () ->
                asUser(
                    id,
                    sql ->
                        sql.sql("update users set deactivated_at = null where id = ?")
                            .param(id)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    Timestamp validAfter = validAfter(id);
    asUser(
        id,
        sql ->
            sql.sql("update users set sessions_valid_after = timestamptz '2000-01-01' where id = ?")
                .param(id)
                .update());
    assertThat(validAfter(id)).isEqualTo(validAfter);
    assertThat(
            jdbc.sql("select deactivated from pawkeep_find_login(?)")
                .param(user.email())
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void anExpiredChallengeCannotBeSpentByPassingAnOldTime() {
    User user = withSecondFactor("late-challenge");
    UUID id = claim(user, "sub");
    byte[] challenge = OpaqueTokens.hash(login(user.email(), user.password()).text("mfa_token"));
    // Issued 25 minutes ago by the database's clock, so it expired 20 minutes ago: beyond the
    // 15 minutes an application clock may lag the database's.
    schemaOwner
        .jdbc()
        .sql(
            """
            update one_time_tokens set created_at = now() - interval '25 minutes',
                                       expires_at = now() - interval '20 minutes'
             where token_hash = ?
            """)
        .param(challenge)
        .update();

    Boolean opened =
        asUser(
            id,
            sql ->
                sql.sql(
                        """
                        select pawkeep_open_second_factor_session(?, 5, ?,
                                                                  now() - interval '21 minutes',
                                                                  now() + interval '1 day',
                                                                  null, null)
                        """)
                    .params(challenge, UUID.randomUUID())
                    .query(Boolean.class)
                    .single());
    assertThat(opened).isFalse();
    assertThat(unused(challenge)).isTrue();
  }

  @Test
  void anExpiredEmailLinkCannotBeUsedByPassingAnOldTime() {
    String email = uniqueEmail("late-link");
    assertThat(
            api.post(
                    "/api/v1/auth/register",
                    Map.of("email", email, "password", PASSWORD, "displayName", "Kim Late"))
                .status())
        .isEqualTo(202);
    byte[] link = OpaqueTokens.hash(Mailbox.awaitLatest(email, "Confirm", 1).token());
    UUID id =
        jdbc.sql("select id from pawkeep_find_login(?)").param(email).query(UUID.class).single();
    schemaOwner
        .jdbc()
        .sql(
            """
            update one_time_tokens set created_at = now() - interval '25 hours',
                                       expires_at = now() - interval '1 hour'
             where token_hash = ?
            """)
        .param(link)
        .update();

    Boolean confirmed =
        asUser(
            id,
            sql ->
                sql.sql(
                        "select pawkeep_use_email_link(?, 'verify_email',"
                            + " now() - interval '2 hours')")
                    .param(link)
                    .query(Boolean.class)
                    .single());
    assertThat(confirmed).isFalse();
    assertThat(emailVerified(email)).isFalse();
  }

  @Test
  void theAttemptLimitCannotBeRaisedByTheCaller() {
    User user = withSecondFactor("many-guesses");
    UUID id = claim(user, "sub");
    String mfaToken = login(user.email(), user.password()).text("mfa_token");
    for (int i = 0; i < 5; i++) {
      assertThat(
              api.post("/api/v1/auth/login/mfa", Map.of("mfa_token", mfaToken, "code", "nope-" + i))
                  .status())
          .isEqualTo(401);
    }
    byte[] challenge = OpaqueTokens.hash(mfaToken);
    Instant now = clock.instant();

    Boolean opened =
        asUser(
            id,
            sql ->
                sql.sql("select pawkeep_open_second_factor_session(?, 1000, ?, ?, ?, null, null)")
                    .params(
                        challenge,
                        UUID.randomUUID(),
                        Timestamp.from(now),
                        Timestamp.from(now.plusSeconds(86_400)))
                    .query(Boolean.class)
                    .single());
    assertThat(opened).isFalse();
    assertThat(unused(challenge)).isTrue();
  }

  @Test
  void theApplicationRoleCannotUpdateNorDeleteOneTimeTokens() {
    User user = withSecondFactor("token-rows");
    UUID id = claim(user, "sub");
    byte[] challenge = OpaqueTokens.hash(login(user.email(), user.password()).text("mfa_token"));

    assertThatThrownBy(
            () ->
                asUser(
                    id,
                    sql ->
                        sql.sql("update one_time_tokens set attempts = 0 where token_hash = ?")
                            .param(challenge)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(
            () ->
                asUser(
                    id,
                    sql ->
                        sql.sql("delete from one_time_tokens where token_hash = ?")
                            .param(challenge)
                            .update()))
        .isInstanceOf(DataAccessException.class);
    assertThat(unused(challenge)).isTrue();
  }

  /** Whether the token is still there and unused, as the schema owner sees it. */
  private boolean unused(byte[] tokenHash) {
    return schemaOwner
            .jdbc()
            .sql("select count(*) from one_time_tokens where token_hash = ? and used_at is null")
            .param(tokenHash)
            .query(Long.class)
            .single()
        == 1;
  }

  private Timestamp validAfter(UUID id) {
    return schemaOwner
        .jdbc()
        .sql("select sessions_valid_after from users where id = ?")
        .param(id)
        .query(Timestamp.class)
        .single();
  }

  private <T> T asUser(UUID id, Function<JdbcClient, T> work) {
    return asIdentity(id, null, work);
  }

  /** Whether the address is confirmed, as sign-in sees it. */
  private boolean emailVerified(String email) {
    return jdbc.sql("select email_verified from pawkeep_find_login(?)")
        .param(email)
        .query(Boolean.class)
        .single();
  }
}
