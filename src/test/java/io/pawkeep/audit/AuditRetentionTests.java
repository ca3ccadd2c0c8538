package io.pawkeep.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PRIV-2 with LOG-1: audit events past {@code pawkeep.retention.audit-events} are removed only up
 * to a signed checkpoint, each removal leaves a signed cut the verifier starts from, and neither
 * the cut nor the events behind it can be touched without the verifier noticing. Event times are
 * the database's clock; the test moves the application's clock years ahead instead.
 */
class AuditRetentionTests extends ApiTestSupport {

  @Autowired OwnerDatabase schemaOwner;
  @Autowired AuditTrail trail;
  @Autowired AuditCheckpoints checkpoints;
  @Autowired AuditRetention retention;
  @Autowired AuditVerifier verifier;

  @Test
  void eventsPastTheRetentionAndCoveredByACheckpointGoNewerOnesStay() {
    User user = signedInUser("retention-keeper");
    UUID chain = UUID.randomUUID();
    append(user, chain, 3);
    checkpoints.checkpoint().orElseThrow();
    Instant second = occurredAt(chain, 2);

    // Six years and a microsecond after the second event: the first two are past the retention.
    Instant now = second.atOffset(ZoneOffset.UTC).plusYears(6).toInstant().plusNanos(1_000);
    long removed = atClock(now, () -> retention.apply(chain));

    assertThat(removed).isEqualTo(2);
    assertThat(seqs(chain)).containsExactly(3L);
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.events()).isEqualTo(1);
  }

  @Test
  void eventsNotYetCoveredByACheckpointAreKeptEvenWhenOld() {
    User user = signedInUser("retention-uncovered");
    UUID chain = UUID.randomUUID();
    append(user, chain, 2);
    checkpoints.checkpoint().orElseThrow();
    append(user, chain, 2);
    UUID never = UUID.randomUUID();
    append(user, never, 2);

    Instant later = clock.instant().atOffset(ZoneOffset.UTC).plusYears(10).toInstant();
    assertThat(atClock(later, () -> retention.apply(chain))).isEqualTo(2);
    assertThat(atClock(later, () -> retention.apply(never))).isZero();

    assertThat(seqs(chain)).containsExactly(3L, 4L);
    assertThat(seqs(never)).containsExactly(1L, 2L);
    for (UUID c : List.of(chain, never)) {
      VerificationResult result = verifier.verify(c);
      assertThat(result.intact()).as(result.describe()).isTrue();
    }
  }

  @Test
  void theChainStillVerifiesAfterASecondCutAndKeepsGrowing() {
    User user = signedInUser("retention-twice");
    UUID chain = cutAfterTwoOfFour(user);
    append(user, chain, 1);
    checkpoints.checkpoint().orElseThrow();
    Instant later = clock.instant().atOffset(ZoneOffset.UTC).plusYears(10).toInstant();

    assertThat(atClock(later, () -> retention.apply(chain))).isEqualTo(3);

    assertThat(seqs(chain)).isEmpty();
    append(user, chain, 1);
    assertThat(seqs(chain)).containsExactly(6L);
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
  }

  @Test
  void aTamperedCutIsDetected() {
    UUID chain = cutAfterTwoOfFour(signedInUser("retention-tampered"));

    asAttacker(
        sql ->
            sql.sql("update audit_retention_cuts set prev_hash = '\\x00' where chain_id = ?")
                .param(chain)
                .update());

    assertThat(reasons(verifier.verify(chain)))
        .contains(VerificationResult.CUT_SIGNATURE_INVALID, VerificationResult.SEQUENCE_GAP);
  }

  @Test
  void aDeletedCutIsDetected() {
    UUID chain = cutAfterTwoOfFour(signedInUser("retention-uncut"));

    asAttacker(
        sql ->
            sql.sql("delete from audit_retention_cuts where chain_id = ?").param(chain).update());

    VerificationResult result = verifier.verify(chain);
    assertThat(result.breaks())
        .anySatisfy(
            b -> {
              assertThat(b.reason()).isEqualTo(VerificationResult.SEQUENCE_GAP);
              assertThat(b.seq()).isEqualTo(1);
            });
  }

  @Test
  void anEventRemovedPastTheCutIsDetected() {
    UUID chain = cutAfterTwoOfFour(signedInUser("retention-beyond"));

    asAttacker(
        sql ->
            sql.sql("delete from audit_events where chain_id = ? and seq = 3")
                .param(chain)
                .update());

    VerificationResult result = verifier.verify(chain);
    assertThat(result.breaks())
        .anySatisfy(
            b -> {
              assertThat(b.reason()).isEqualTo(VerificationResult.SEQUENCE_GAP);
              assertThat(b.seq()).isEqualTo(3);
            });
  }

  @Test
  void theApplicationRoleCannotDeleteEventsOrWriteCuts() {
    User user = signedInUser("retention-app");
    UUID chain = UUID.randomUUID();
    append(user, chain, 3);
    byte[] hash =
        schemaOwner
            .jdbc()
            .sql("select hash from audit_events where chain_id = ? and seq = 2")
            .param(chain)
            .query(byte[].class)
            .single();

    assertDenied(
        user, sql -> sql.sql("delete from audit_events where chain_id = ?").param(chain).update());
    // The setting that opens the trigger opens nothing for the application role.
    assertDenied(
        user,
        sql -> {
          sql.sql("select set_config('pawkeep.audit_retention_cut', 'on', true)")
              .query(String.class)
              .single();
          return sql.sql("delete from audit_events where chain_id = ?").param(chain).update();
        });
    assertDenied(
        user,
        sql ->
            sql.sql(
                    """
                    insert into audit_retention_cuts (chain_id, first_kept_seq, prev_hash,
                                                      created_at, signature)
                    values (?, 3, ?, now(), '\\x00')
                    """)
                .params(chain, hash)
                .update());
    assertDenied(
        user,
        sql ->
            sql.sql("select pawkeep_audit_retention_cut(?, 3, ?, now(), '\\x00')")
                .params(chain, hash)
                .query(Long.class)
                .single());
    // The owner too deletes nothing outside the retention function while the triggers are on.
    assertThatThrownBy(
            () ->
                schemaOwner
                    .transaction()
                    .execute(
                        tx ->
                            schemaOwner
                                .jdbc()
                                .sql("delete from audit_events where chain_id = ?")
                                .param(chain)
                                .update()))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("append-only");

    assertThat(seqs(chain)).containsExactly(1L, 2L, 3L);
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
  }

  @Test
  void aRetentionUnderAYearIsRefused() {
    assertThatThrownBy(() -> new AuditRetentionProperties(Period.ofMonths(11)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new AuditRetentionProperties(Period.ofDays(364)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(new AuditRetentionProperties(Period.ofYears(1)).auditEvents())
        .isEqualTo(Period.ofYears(1));
  }

  /** A chain of four events whose first two were removed by the retention (cut at seq 3). */
  private UUID cutAfterTwoOfFour(User user) {
    UUID chain = UUID.randomUUID();
    append(user, chain, 2);
    checkpoints.checkpoint().orElseThrow();
    append(user, chain, 2);
    Instant later = clock.instant().atOffset(ZoneOffset.UTC).plusYears(7).toInstant();
    assertThat(atClock(later, () -> retention.apply(chain))).isEqualTo(2);
    assertThat(seqs(chain)).containsExactly(3L, 4L);
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
    return chain;
  }

  private <T> T atClock(Instant instant, java.util.function.Supplier<T> work) {
    Instant before = clock.instant();
    clock.set(instant);
    try {
      return work.get();
    } finally {
      clock.set(before);
    }
  }

  private void append(User user, UUID chain, int count) {
    for (int i = 0; i < count; i++) {
      asRequest(
          user,
          sql -> {
            trail.record(
                new AuditEvent(chain, claim(user, "sub"), "pet.updated", "pet", "p-1", null, null));
            return null;
          });
    }
  }

  private List<Long> seqs(UUID chain) {
    return schemaOwner
        .jdbc()
        .sql("select seq from audit_events where chain_id = ? order by seq")
        .param(chain)
        .query(Long.class)
        .list();
  }

  private Instant occurredAt(UUID chain, long seq) {
    return schemaOwner
        .jdbc()
        .sql("select occurred_at from audit_events where chain_id = ? and seq = ?")
        .params(chain, seq)
        .query(OffsetDateTime.class)
        .single()
        .toInstant();
  }

  private static List<String> reasons(VerificationResult result) {
    return result.breaks().stream().map(VerificationResult.BrokenLink::reason).toList();
  }

  private void assertDenied(User user, Function<JdbcClient, Object> statement) {
    assertThatThrownBy(() -> asRequest(user, statement))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied");
  }

  /** Tampers as the owner, switching the append-only triggers off around it. */
  private void asAttacker(Consumer<JdbcClient> tamper) {
    JdbcClient client = schemaOwner.jdbc();
    schemaOwner
        .transaction()
        .executeWithoutResult(
            tx -> {
              client.sql("alter table audit_events disable trigger user").update();
              client.sql("alter table audit_retention_cuts disable trigger user").update();
              tamper.accept(client);
              client.sql("alter table audit_events enable trigger user").update();
              client.sql("alter table audit_retention_cuts enable trigger user").update();
            });
  }
}
