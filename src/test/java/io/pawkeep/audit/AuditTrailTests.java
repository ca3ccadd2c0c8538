package io.pawkeep.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.pawkeep.audit.VerificationResult.BrokenLink;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiTestSupport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** LOG-1: the audit trail is append-only, tamper-evident, and never forks under concurrency. */
class AuditTrailTests extends ApiTestSupport {

  @Autowired AuditTrail trail;
  @Autowired AuditVerifier verifier;
  @Autowired AuditCheckpoints checkpoints;
  @Autowired JdbcClient jdbc;
  @Autowired OwnerDatabase schemaOwner;
  @Autowired TransactionTemplate transactions;

  @Test
  void appendedEventsFormAVerifiableChain() {
    UUID chain = UUID.randomUUID();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("zeta", 1.50);
    detail.put("alpha", List.of(1e10, 7, "é\u0000x", Map.of("b", true, "a", BigDecimal.ONE)));
    detail.put("nothing", null);
    detail.put("when", OffsetDateTime.parse("2026-01-02T03:04:05.123456789Z"));
    detail.put("pawprint \uD83D\uDC3E", "tab\there, quote \" and \u001f");
    trail.record(new AuditEvent(chain, null, "auth.login_failed", null, null, null, null));
    UUID actor = UUID.randomUUID();
    asIdentity(
        actor,
        db ->
            trail.record(
                new AuditEvent(
                    chain, actor, "pet.updated", "pet", "p-1\uD83D\uDC3E", "::1", detail)));
    for (int i = 3; i <= 5; i++) {
      trail.record(event(chain, i));
    }

    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.events()).isEqualTo(5);

    List<byte[][]> links =
        owner()
            .sql("select prev_hash, hash from audit_events where chain_id = ? order by seq")
            .param(chain)
            .query((rs, n) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)})
            .list();
    assertThat(links).hasSize(5);
    assertThat(links.get(0)[0]).isEqualTo(new byte[32]);
    for (int i = 1; i < links.size(); i++) {
      assertThat(links.get(i)[0]).isEqualTo(links.get(i - 1)[1]);
    }
  }

  @Test
  void usersReadOnlyTheEventsTheyPerformed() {
    UUID chain = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    asIdentity(
        alice,
        db ->
            trail.record(new AuditEvent(chain, alice, "pet.viewed", "pet", "p-1", null, Map.of())));
    asIdentity(
        UUID.randomUUID(),
        db ->
            trail.record(new AuditEvent(chain, null, "pet.viewed", "pet", "p-1", null, Map.of())));
    String count = "select count(*) from audit_events where chain_id = ?";
    assertThat(jdbc.sql(count).param(chain).query(Long.class).single()).isZero();
    Long seen =
        asIdentity(alice, null, db -> db.sql(count).param(chain).query(Long.class).single());
    assertThat(seen).isEqualTo(1);
  }

  @Test
  void anEventNamingSomeoneOtherThanTheRequestIdentityIsRefused() {
    UUID chain = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    assertThatThrownBy(
            () ->
                asIdentity(
                    alice,
                    db ->
                        trail.record(
                            new AuditEvent(
                                chain, UUID.randomUUID(), "pet.viewed", "pet", "p-1", null, null))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("carries " + alice);
    assertThatThrownBy(
            () ->
                trail.record(
                    new AuditEvent(chain, alice, "pet.viewed", "pet", "p-1", null, Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no identity");
    // Both appends rolled back with the work they described.
    assertThat(verifier.verify(chain).events()).isZero();
  }

  @Test
  void chainsAppendedByTheApplicationBeforeTheDatabaseComputedTheLinksStillVerify() {
    UUID chain = UUID.randomUUID();
    UUID actor = UUID.randomUUID();
    // Form 1 rows exactly as the application appended them before V31: its clock, its actor, its
    // canonical JSON, its hashes.
    JdbcClient owner = owner();
    byte[] prev = CanonicalForm.GENESIS;
    for (int seq = 1; seq <= 3; seq++) {
      OffsetDateTime at = OffsetDateTime.parse("2026-03-0" + seq + "T10:15:30.123456Z");
      String detail = CanonicalForm.detail(Map.of("n", new BigDecimal("1.50"), "seq", seq));
      byte[] hash =
          CanonicalForm.storedEntryHash(
              CanonicalForm.FORM_APPLICATION,
              prev,
              chain,
              seq,
              CanonicalForm.micros(at.toInstant()),
              actor,
              "pet.updated",
              "pet",
              "p-" + seq,
              "192.0.2.7",
              detail);
      // Each event's key first (V49 keeps (chain, seq) unique across monthly partitions there).
      owner
          .sql("insert into audit_event_keys (chain_id, seq, occurred_at) values (?, ?, ?)")
          .params(chain, seq, at)
          .update();
      owner
          .sql(
              """
              insert into audit_events (chain_id, seq, occurred_at, actor_id, action, target_type,
                                        target_id, ip_address, detail, prev_hash, hash, form)
              values (?, ?, ?, ?, 'pet.updated', 'pet', ?, '192.0.2.7', cast(? as jsonb), ?, ?, 1)
              """)
          .params(chain, seq, at, actor, "p-" + seq, detail, prev, hash)
          .update();
      owner
          .sql(
              """
              insert into audit_chain_heads (chain_id, seq, hash) values (?, ?, ?)
              on conflict (chain_id) do update set seq = excluded.seq, hash = excluded.hash
              """)
          .params(chain, seq, hash)
          .update();
      prev = hash;
    }
    checkpoints.checkpoint().orElseThrow();

    // The database appends after them, and the whole chain verifies.
    trail.record(event(chain, 4));
    trail.record(event(chain, 5));
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.events()).isEqualTo(5);
    assertThat(
            owner
                .sql("select form from audit_events where chain_id = ? order by seq")
                .param(chain)
                .query(Integer.class)
                .list())
        .containsExactly(1, 1, 1, 2, 2);

    // And an old row is as tamper-evident as ever.
    asAttacker(
        attacker ->
            attacker
                .sql("update audit_events set detail = '{\"n\": 2}' where chain_id = ? and seq = 2")
                .param(chain)
                .update());
    assertBroken(verifier.verify(chain), chain, 2, VerificationResult.HASH_MISMATCH);
  }

  @Test
  void editedEventIsDetected() {
    UUID chain = chainOf(4);
    asAttacker(
        owner ->
            owner
                .sql(
                    "update audit_events set detail = '{\"n\": 99}' where chain_id = ? and seq = 2")
                .param(chain)
                .update());

    assertBroken(verifier.verify(chain), chain, 2, VerificationResult.HASH_MISMATCH);
  }

  @Test
  void deletedEventIsDetected() {
    UUID chain = chainOf(5);
    asAttacker(
        owner ->
            owner
                .sql("delete from audit_events where chain_id = ? and seq = 3")
                .param(chain)
                .update());
    assertBroken(verifier.verify(chain), chain, 3, VerificationResult.SEQUENCE_GAP);

    UUID other = chainOf(5);
    asAttacker(
        owner ->
            owner
                .sql("delete from audit_events where chain_id = ? and seq = 5")
                .param(other)
                .update());
    assertBroken(verifier.verify(other), other, 5, VerificationResult.HEAD_MISMATCH);
  }

  @Test
  void reorderedEventsAreDetected() {
    UUID chain = chainOf(4);
    asAttacker(
        owner -> {
          // Each event's key moves with it (V49): a copy under the new number, then the old goes.
          for (long[] move : new long[][] {{2, 1000}, {3, 2}, {1000, 3}}) {
            owner
                .sql(
                    "insert into audit_event_keys (chain_id, seq, occurred_at) select chain_id,"
                        + " ?, occurred_at from audit_event_keys where chain_id = ? and seq = ?")
                .params(move[1], chain, move[0])
                .update();
            owner
                .sql("update audit_events set seq = ? where chain_id = ? and seq = ?")
                .params(move[1], chain, move[0])
                .update();
            owner
                .sql("delete from audit_event_keys where chain_id = ? and seq = ?")
                .params(chain, move[0])
                .update();
          }
        });

    assertBroken(verifier.verify(chain), chain, 2, VerificationResult.HASH_MISMATCH);
  }

  @Test
  void applicationRoleCannotUpdateDeleteOrTruncate() {
    UUID chain = chainOf(2);
    checkpoints.checkpoint();
    for (String sql :
        List.of(
            "update audit_events set action = 'forged' where chain_id = '%s'",
            "delete from audit_events where chain_id = '%s'",
            "truncate audit_events",
            "update audit_checkpoints set signature = '\\x00'",
            "delete from audit_checkpoints",
            "truncate audit_checkpoints",
            "delete from audit_chain_heads where chain_id = '%s'")) {
      String statement = sql.formatted(chain);
      assertThatThrownBy(() -> jdbc.sql(statement).update())
          .as(statement)
          .isInstanceOf(DataAccessException.class)
          .rootCause()
          .hasMessageContaining("permission denied");
    }

    // Even the owner is refused while the triggers are on.
    JdbcClient owner = owner();
    for (String sql :
        List.of(
            "update audit_events set action = 'forged' where chain_id = ?",
            "delete from audit_events where chain_id = ?",
            "truncate audit_events",
            "truncate audit_checkpoints")) {
      assertThatThrownBy(
              () -> {
                var statement = owner.sql(sql);
                if (sql.contains("?")) {
                  statement = statement.param(chain);
                }
                statement.update();
              })
          .as(sql)
          .isInstanceOf(DataAccessException.class)
          .rootCause()
          .hasMessageContaining("audit events are append-only");
    }
    assertThat(verifier.verify(chain).intact()).isTrue();
  }

  @Test
  void eightConcurrentWritersNeverForkOneChain() throws Exception {
    UUID chain = UUID.randomUUID();
    int writers = 8;
    int appends = 50;
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      CyclicBarrier start = new CyclicBarrier(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < appends; i++) {
                    int n = writer * appends + i;
                    transactions.executeWithoutResult(tx -> trail.record(event(chain, n)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    List<Long> seqs =
        owner()
            .sql("select seq from audit_events where chain_id = ? order by seq")
            .param(chain)
            .query(Long.class)
            .list();
    assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 400).boxed().toList());
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.events()).isEqualTo(400);
  }

  @Test
  void writersOnDifferentChainsDoNotWaitForEachOther() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Future<?> sameChain = null;
    try {
      Future<?> holder =
          threads.submit(
              () ->
                  transactions.executeWithoutResult(
                      tx -> {
                        trail.record(event(a, 1));
                        holding.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }));
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

      // Liveness: chain B is not behind chain A's open transaction. Written on this thread, in
      // its own transaction, and timed once done: were it queued behind A, it would end only
      // when the holder gives up (30 s) and fail the bound.
      assertTimeout(
          Duration.ofSeconds(5),
          () -> transactions.executeWithoutResult(tx -> trail.record(event(b, 1))));

      // Whereas a second writer on chain A queues behind the first.
      sameChain =
          threads.submit(() -> transactions.executeWithoutResult(tx -> trail.record(event(a, 2))));
      Future<?> queued = sameChain;
      assertThatThrownBy(() -> queued.get(300, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);

      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
      sameChain.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      threads.shutdown();
    }
    assertThat(verifier.verify(a).events()).isEqualTo(2);
    assertThat(verifier.verify(a).intact()).isTrue();
    assertThat(verifier.verify(b).intact()).isTrue();
  }

  @Test
  void checkpointSignatureTamperingIsDetected() {
    UUID chain = chainOf(3);
    long id = checkpoints.checkpoint().orElseThrow();
    VerificationResult before = verifier.verify(chain);
    assertThat(before.intact()).as(before.describe()).isTrue();
    assertThat(before.checkpoints()).isEqualTo(1);

    byte[] original =
        owner()
            .sql("select signature from audit_checkpoints where id = ?")
            .param(id)
            .query(byte[].class)
            .single();
    try {
      byte[] forged = Arrays.copyOf(original, original.length);
      forged[0] ^= 1;
      asAttacker(
          owner ->
              owner
                  .sql("update audit_checkpoints set signature = ? where id = ?")
                  .params(forged, id)
                  .update());
      assertSignatureBroken(verifier.verify(chain), id);

      // The signed content is covered too: moving the checkpoint's time breaks it.
      asAttacker(
          owner ->
              owner
                  .sql(
                      "update audit_checkpoints set signature = ?,"
                          + " created_at = created_at - interval '1 hour' where id = ?")
                  .params(original, id)
                  .update());
      assertSignatureBroken(verifier.verify(chain), id);
    } finally {
      asAttacker(
          owner ->
              owner
                  .sql(
                      "update audit_checkpoints set signature = ?,"
                          + " created_at = created_at + interval '1 hour' where id = ?"
                          + " and signature <> ?")
                  .params(original, id, original)
                  .update());
    }
  }

  @Test
  void truncatedTailAfterCheckpointIsDetected() {
    UUID chain = chainOf(5);
    long id = checkpoints.checkpoint().orElseThrow();
    trail.record(event(chain, 6));
    trail.record(event(chain, 7));
    assertThat(verifier.verify(chain).intact()).isTrue();

    // An attacker with owner access drops the tail and moves the head back consistently.
    asAttacker(
        owner -> {
          owner
              .sql("delete from audit_events where chain_id = ? and seq > 3")
              .param(chain)
              .update();
          owner
              .sql(
                  """
                  update audit_chain_heads h set seq = e.seq, hash = e.hash
                    from audit_events e
                   where e.chain_id = h.chain_id and h.chain_id = ? and e.seq = 3
                  """)
              .param(chain)
              .update();
        });

    VerificationResult result = verifier.verify(chain);
    assertBroken(result, chain, 5, VerificationResult.CHECKPOINT_MISMATCH);
    assertThat(result.firstBreak().orElseThrow().checkpointId()).isEqualTo(id);
  }

  @Test
  void chainRewrittenWithRecomputedHashesIsCaughtByItsCheckpoint() {
    UUID chain = chainOf(4);
    checkpoints.checkpoint().orElseThrow();

    // The hashes have no secret: an owner can rewrite event 2 and recompute every later link.
    asAttacker(
        owner -> {
          owner
              .sql("update audit_events set detail = '{\"n\": 99}' where chain_id = ? and seq = 2")
              .param(chain)
              .update();
          byte[] prev = CanonicalForm.GENESIS;
          List<Object[]> rows =
              owner
                  .sql(
                      """
                      select seq, occurred_at, actor_id, action, target_type, target_id,
                             ip_address, detail::text, form
                        from audit_events where chain_id = ? order by seq
                      """)
                  .param(chain)
                  .query(
                      (rs, n) ->
                          new Object[] {
                            rs.getLong(1),
                            rs.getObject(2, OffsetDateTime.class),
                            rs.getObject(3, UUID.class),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getInt(9)
                          })
                  .list();
          for (Object[] r : rows) {
            byte[] hash =
                CanonicalForm.storedEntryHash(
                    (Integer) r[8],
                    prev,
                    chain,
                    (Long) r[0],
                    CanonicalForm.micros(((OffsetDateTime) r[1]).toInstant()),
                    (UUID) r[2],
                    (String) r[3],
                    (String) r[4],
                    (String) r[5],
                    (String) r[6],
                    (String) r[7]);
            owner
                .sql(
                    "update audit_events set prev_hash = ?, hash = ? where chain_id = ? and seq = ?")
                .params(prev, hash, chain, r[0])
                .update();
            owner
                .sql("update audit_chain_heads set hash = ? where chain_id = ?")
                .params(hash, chain)
                .update();
            prev = hash;
          }
        });

    assertBroken(verifier.verify(chain), chain, 4, VerificationResult.CHECKPOINT_MISMATCH);
  }

  @Test
  void verifyReportsEveryBrokenLinkAndBadCheckpointNotOnlyTheFirst() {
    UUID edited = chainOf(5);
    UUID gapped = chainOf(5);
    String junk =
        """
        insert into audit_checkpoints (created_at, heads, signature)
        values (now(), cast(? as jsonb), '\\x00') returning id
        """;
    List<Long> planted = new ArrayList<>();
    try {
      asAttacker(
          owner -> {
            String edit =
                "update audit_events set detail = '{\"n\": 99}' where chain_id = ? and seq = ?";
            owner.sql(edit).params(edited, 2).update();
            owner.sql(edit).params(edited, 4).update();
            owner
                .sql("delete from audit_events where chain_id = ? and seq = 3")
                .param(gapped)
                .update();
            for (UUID chain : List.of(edited, gapped)) {
              String heads =
                  "{\"chains\": [{\"chain\": \"%s\", \"seq\": 5, \"hash\": \"AA==\"}]}"
                      .formatted(chain);
              planted.add(owner.sql(junk).param(heads).query(Long.class).single());
            }
          });

      VerificationResult all = verifier.verifyAll();
      assertThat(all.intact()).isFalse();
      assertThat(all.breaks())
          .as(all.describe())
          .contains(
              new BrokenLink(
                  null, 0, VerificationResult.CHECKPOINT_SIGNATURE_INVALID, planted.get(0)),
              new BrokenLink(
                  null, 0, VerificationResult.CHECKPOINT_SIGNATURE_INVALID, planted.get(1)),
              new BrokenLink(edited, 2, VerificationResult.HASH_MISMATCH, null),
              new BrokenLink(edited, 4, VerificationResult.HASH_MISMATCH, null),
              new BrokenLink(gapped, 3, VerificationResult.SEQUENCE_GAP, null));
      assertThat(all.describe())
          .contains("checkpoint signature invalid (checkpoint " + planted.get(1) + ")")
          .contains("sequence gap in chain " + gapped + " at seq 3");

      // One chain: its own breaks, in order, each once; the junk checkpoint pins nothing.
      assertThat(verifier.verify(edited).breaks())
          .containsExactly(
              new BrokenLink(
                  null, 0, VerificationResult.CHECKPOINT_SIGNATURE_INVALID, planted.get(0)),
              new BrokenLink(edited, 2, VerificationResult.HASH_MISMATCH, null),
              new BrokenLink(edited, 4, VerificationResult.HASH_MISMATCH, null));
    } finally {
      // Planted checkpoints would show up in every later check of every chain: take them out.
      asAttacker(
          owner ->
              planted.forEach(
                  id ->
                      owner.sql("delete from audit_checkpoints where id = ?").param(id).update()));
    }
  }

  private static AuditEvent event(UUID chain, int n) {
    return new AuditEvent(
        chain,
        null,
        "pet.updated",
        "pet",
        "p-" + n,
        "192.0.2.7",
        Map.of("n", n, "note", "visit " + n));
  }

  private UUID chainOf(int events) {
    UUID chain = UUID.randomUUID();
    for (int i = 1; i <= events; i++) {
      trail.record(event(chain, i));
    }
    VerificationResult result = verifier.verify(chain);
    assertThat(result.intact()).as(result.describe()).isTrue();
    return chain;
  }

  private static void assertBroken(VerificationResult result, UUID chain, long seq, String reason) {
    assertThat(result.intact()).isFalse();
    BrokenLink broken = result.firstBreak().orElseThrow();
    assertThat(broken.chainId()).isEqualTo(chain);
    assertThat(broken.reason()).as(result.describe()).isEqualTo(reason);
    assertThat(broken.seq()).as(result.describe()).isEqualTo(seq);
  }

  private static void assertSignatureBroken(VerificationResult result, long checkpointId) {
    BrokenLink broken = result.firstBreak().orElseThrow();
    assertThat(broken.reason()).isEqualTo(VerificationResult.CHECKPOINT_SIGNATURE_INVALID);
    assertThat(broken.checkpointId()).isEqualTo(checkpointId);
  }

  /** The schema owner, as an attacker with database access would connect. */
  private JdbcClient owner() {
    return schemaOwner.jdbc();
  }

  /** Tampers as the owner, switching the append-only triggers off around it. */
  private void asAttacker(Consumer<JdbcClient> tamper) {
    JdbcClient client = schemaOwner.jdbc();
    schemaOwner
        .transaction()
        .executeWithoutResult(
            tx -> {
              client.sql("alter table audit_events disable trigger user").update();
              client.sql("alter table audit_event_keys disable trigger user").update();
              client.sql("alter table audit_checkpoints disable trigger user").update();
              tamper.accept(client);
              client.sql("alter table audit_events enable trigger user").update();
              client.sql("alter table audit_event_keys enable trigger user").update();
              client.sql("alter table audit_checkpoints enable trigger user").update();
            });
  }
}
