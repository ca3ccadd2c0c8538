package io.pawkeep.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.RequestClock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * LOG-5: the application role cannot forge the audit trail, whatever SQL it sends. Each test runs
 * as {@code pawkeep_app} inside a transaction opened the way a request opens it ({@code
 * pawkeep_begin_request} with the caller's user, session and token time).
 */
class AuditDatabaseTests extends ApiTestSupport {

  private static final String APPEND =
      "select pawkeep_audit_append(?, 'pet.viewed', 'pet', 'p-1', '192.0.2.7',"
          + " cast('{\"n\": 1}' as jsonb))";

  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired OwnerDatabase schemaOwner;
  @Autowired AuditVerifier verifier;
  @Autowired AuditTrail trail;

  @Test
  void theApplicationRoleCannotAppendAnEventWithAnotherActorOrTime() {
    User alice = signedInUser("alice");
    UUID aliceId = userIdOf(alice);
    UUID bob = userIdOf(signedInUser("bob"));
    UUID chain = UUID.randomUUID();

    // No direct insert at all: the row below names Bob as the actor, a time and its own links.
    assertDenied(
        alice,
        sql ->
            sql.sql(
                    """
                    insert into audit_events (chain_id, seq, occurred_at, actor_id, action, detail,
                                              prev_hash, hash)
                    values (?, 1, '2001-01-01T00:00:00Z', ?, 'pet.viewed', '{}', ?, ?)
                    """)
                .params(chain, bob, new byte[32], new byte[32])
                .update());

    // The one way in takes the actor from the request identity and the time from the database's
    // clock, even when the transaction's request time claims another day.
    UUID recorded =
        asRequest(
            alice,
            sql -> {
              RequestClock.set(sql, Instant.parse("2001-01-01T00:00:00Z"));
              return sql.sql(APPEND).param(chain).query(UUID.class).single();
            });
    assertThat(recorded).isEqualTo(aliceId);

    // Before any sign-in there is nobody to name: the event is recorded without an actor.
    Optional<UUID> anonymous =
        transactions.execute(
            tx ->
                jdbc.sql(APPEND)
                    .param(chain)
                    .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                    .single());
    assertThat(anonymous).isEmpty();

    List<Object[]> rows =
        schemaOwner
            .jdbc()
            .sql(
                """
                select actor_id, occurred_at, clock_timestamp() - occurred_at < interval '1 minute'
                  from audit_events where chain_id = ? order by seq
                """)
            .param(chain)
            .query(
                (rs, n) ->
                    new Object[] {
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, OffsetDateTime.class),
                      rs.getBoolean(3)
                    })
            .list();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)[0]).isEqualTo(aliceId);
    assertThat(rows.get(1)[0]).isNull();
    assertThat(((OffsetDateTime) rows.get(0)[1]).getYear()).isNotEqualTo(2001);
    assertThat(rows).allMatch(row -> (Boolean) row[2]);
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
  }

  @Test
  void theApplicationRoleCannotWindAChainHeadBack() {
    User alice = signedInUser("winder");
    UUID chain = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      append(alice, chain);
    }

    byte[] genesis = new byte[32];
    for (String statement :
        List.of(
            "update audit_chain_heads set seq = 0, hash = ? where chain_id = ?",
            """
            insert into audit_chain_heads (chain_id, seq, hash) values (?, 0, ?)
            on conflict (chain_id) do update set seq = 0, hash = excluded.hash
            """,
            "delete from audit_chain_heads where chain_id = ?")) {
      Object[] params =
          statement.startsWith("update")
              ? new Object[] {genesis, chain}
              : statement.contains("insert") ? new Object[] {chain, genesis} : new Object[] {chain};
      assertDenied(alice, sql -> sql.sql(statement).params(params).update());
    }

    // The chain goes on where it was: the next audited write is not refused.
    append(alice, chain);
    assertThat(
            schemaOwner
                .jdbc()
                .sql("select seq from audit_chain_heads where chain_id = ?")
                .param(chain)
                .query(Long.class)
                .single())
        .isEqualTo(4);
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
  }

  @Test
  void theApplicationRoleCannotPlantACheckpoint() {
    User alice = signedInUser("planter");
    UUID chain = UUID.randomUUID();
    append(alice, chain);
    String junk =
        """
        insert into audit_checkpoints (created_at, heads, signature)
        values (now(), cast(? as jsonb), '\\x00')
        """;
    String heads = "{\"chains\": [{\"chain\": \"" + chain + "\", \"seq\": 1, \"hash\": \"AA==\"}]}";

    assertDenied(alice, sql -> sql.sql(junk).param(heads).update());
    assertThatThrownBy(() -> transactions.execute(tx -> jdbc.sql(junk).param(heads).update()))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied");

    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.checkpoints()).isZero();
  }

  @Test
  void signInsNameTheAccountAndFailuresBeforeSignInNameNobody() {
    User user = signedInUser("early");
    UUID id = userIdOf(user);
    assertThat(login(user.email(), "not-the-right-password-here").status()).isEqualTo(401);
    User again = again(user);
    assertThat(
            api.post("/api/v1/auth/logout", Map.of("refresh_token", again.refreshToken())).status())
        .isEqualTo(204);

    List<String> recorded =
        schemaOwner
            .jdbc()
            .sql(
                """
                select action || ' by ' || coalesce(actor_id::text, 'nobody')
                  from audit_events where chain_id = ? order by seq
                """)
            .param(id)
            .query(String.class)
            .list();
    assertThat(recorded)
        .containsExactly(
            "login.succeeded by " + id,
            "login.failed by nobody",
            "login.succeeded by " + id,
            "session.logout by " + id);
    VerificationResult result = verifier.verify(id);
    assertThat(result.intact()).as(result.describe()).isTrue();
  }

  /** An audited write by {@code user}, through the application's own path. */
  private void append(User user, UUID chain) {
    asRequest(
        user,
        sql -> {
          trail.record(
              new AuditEvent(chain, userIdOf(user), "pet.updated", "pet", "p-1", null, null));
          return null;
        });
  }

  private void assertDenied(User user, Function<JdbcClient, Object> statement) {
    assertThatThrownBy(() -> asRequest(user, statement))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied");
  }

  private static UUID userIdOf(User user) {
    return claim(user, "sub");
  }
}
