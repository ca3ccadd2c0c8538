package io.pawkeep.audit;

import io.pawkeep.audit.CanonicalForm.ChainHead;
import io.pawkeep.audit.VerificationResult.BrokenLink;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes audit chains and checks them against their heads and signed checkpoints (LOG-1), and
 * reports every broken link and every checkpoint whose signature fails, not only the first: a junk
 * row must never hide what comes after it.
 *
 * <p>Verification must see every event, which the application role's row-level security never shows
 * it, so the verifier reads as the schema owner, in one read-only repeatable-read transaction (a
 * consistent snapshot while appends go on).
 */
@Component
public class AuditVerifier {

  private static final int FETCH_SIZE = 1_000;

  private final JdbcClient owner;
  private final TransactionTemplate snapshot;
  private final AuditCheckpoints checkpoints;

  AuditVerifier(OwnerDatabase owner, AuditCheckpoints checkpoints) {
    this.owner = owner.jdbc();
    this.snapshot = owner.snapshot();
    this.checkpoints = checkpoints;
  }

  /** Verifies one chain and every checkpoint that pins it. */
  public VerificationResult verify(UUID chainId) {
    return snapshot.execute(
        tx ->
            verify(
                List.of(chainId),
                loadCheckpoints(
                    " where heads -> 'chains' @> jsonb_build_array(jsonb_build_object('chain',"
                        + " cast(:chain as text)))",
                    Map.of("chain", chainId.toString()))));
  }

  /** Verifies every chain and every checkpoint. */
  VerificationResult verifyAll() {
    return snapshot.execute(
        tx -> {
          List<Checkpoint> all = loadCheckpoints("", Map.of());
          Set<UUID> chains =
              new LinkedHashSet<>(
                  owner
                      .sql(
                          """
                          select chain_id from audit_chain_heads
                          union select chain_id from audit_events
                          order by 1
                          """)
                      .query(UUID.class)
                      .list());
          all.stream()
              .filter(Checkpoint::signatureValid)
              .flatMap(c -> c.heads().stream())
              .map(ChainHead::chainId)
              .forEach(chains::add);
          return verify(List.copyOf(chains), all);
        });
  }

  private record Checkpoint(long id, List<ChainHead> heads, boolean signatureValid) {}

  private record Pin(byte[] hash, long checkpointId) {}

  private List<Checkpoint> loadCheckpoints(String where, Map<String, ?> params) {
    return owner
        .sql(
            "select id, created_at, heads::text, signature from audit_checkpoints"
                + where
                + " order by id")
        .params(params)
        .query(
            (rs, n) -> {
              long id = rs.getLong(1);
              long createdAt = CanonicalForm.micros(Instants.from(rs, 2));
              try {
                List<ChainHead> heads = CanonicalForm.parseHeads(rs.getString(3));
                boolean valid =
                    checkpoints.signatureMatches(
                        CanonicalForm.checkpointPayload(createdAt, heads), rs.getBytes(4));
                return new Checkpoint(id, heads, valid);
              } catch (IllegalArgumentException e) {
                return new Checkpoint(id, List.of(), false);
              }
            })
        .list();
  }

  private VerificationResult verify(List<UUID> chains, List<Checkpoint> all) {
    List<BrokenLink> breaks = new ArrayList<>();
    Map<UUID, TreeMap<Long, List<Pin>>> pins = new HashMap<>();
    for (Checkpoint checkpoint : all) {
      // A checkpoint that cannot be trusted pins nothing; the chains are still checked against
      // every other one, so one bad row never hides the rest of the trail.
      if (!checkpoint.signatureValid()) {
        breaks.add(
            new BrokenLink(
                null, 0, VerificationResult.CHECKPOINT_SIGNATURE_INVALID, checkpoint.id()));
        continue;
      }
      for (ChainHead head : checkpoint.heads()) {
        pins.computeIfAbsent(head.chainId(), c -> new TreeMap<>())
            .computeIfAbsent(head.seq(), s -> new ArrayList<>())
            .add(new Pin(head.hash(), checkpoint.id()));
      }
    }
    long events = 0;
    for (UUID chain : chains) {
      ChainCheck check = new ChainCheck(chain, pins.getOrDefault(chain, new TreeMap<>()), breaks);
      check.run();
      events += check.events;
    }
    return new VerificationResult(chains.size(), events, all.size(), breaks);
  }

  /**
   * One chain, streamed in sequence order. Each event is checked on its own: its hash against its
   * content and its stored predecessor's hash, its position against the previous one, and against
   * every checkpoint that pins it; the walk then goes on from the stored hash, so every broken link
   * is reported once and one edit does not mark every later event as broken.
   */
  private final class ChainCheck {
    private final UUID chain;
    private final TreeMap<Long, List<Pin>> pins;
    private final List<BrokenLink> breaks;
    private long events;
    private long lastSeq;
    private byte[] lastHash = CanonicalForm.GENESIS;

    ChainCheck(UUID chain, TreeMap<Long, List<Pin>> pins, List<BrokenLink> breaks) {
      this.chain = chain;
      this.pins = pins;
      this.breaks = breaks;
    }

    void run() {
      startAtLatestCut();
      owner
          .sql(
              """
              select seq, occurred_at, actor_id, action, target_type, target_id, ip_address,
                     detail::text, prev_hash, hash, form
                from audit_events where chain_id = :chain order by seq
              """)
          .withFetchSize(FETCH_SIZE)
          .param("chain", chain)
          .query(this::check);
      // Pinned positions past the last event: the chain was cut after a checkpoint.
      pins.tailMap(lastSeq, false)
          .forEach(
              (seq, pinned) ->
                  pinned.forEach(pin -> report(seq, VerificationResult.CHECKPOINT_MISMATCH, pin)));
      List<ChainHead> head =
          owner
              .sql("select seq, hash from audit_chain_heads where chain_id = :chain")
              .param("chain", chain)
              .query((rs, n) -> new ChainHead(chain, rs.getLong(1), rs.getBytes(2)))
              .list();
      if (head.isEmpty()) {
        if (lastSeq != 0) {
          report(lastSeq, VerificationResult.HEAD_MISMATCH, null);
        }
        return;
      }
      ChainHead h = head.get(0);
      if (h.seq() != lastSeq || !MessageDigest.isEqual(h.hash(), lastHash)) {
        report(Math.max(h.seq(), lastSeq), VerificationResult.HEAD_MISMATCH, null);
      }
    }

    /**
     * Events before a retention cut were removed on purpose (PRIV-2): the walk starts after the
     * latest cut whose signature holds, from the hash the cut says the first kept event links to. A
     * cut with a bad signature is reported and ignored; without a valid cut the walk starts at seq
     * 1, so a deleted cut, or an event removed past the cut, shows as a sequence gap.
     */
    private void startAtLatestCut() {
      owner
          .sql(
              """
              select id, first_kept_seq, prev_hash, created_at, signature
                from audit_retention_cuts where chain_id = :chain order by first_kept_seq, id
              """)
          .param("chain", chain)
          .query(
              (ResultSet rs) -> {
                long seq = rs.getLong(2);
                byte[] prevHash = rs.getBytes(3);
                byte[] payload =
                    CanonicalForm.cutPayload(
                        chain, seq, prevHash, CanonicalForm.micros(Instants.from(rs, 4)));
                if (checkpoints.signatureMatches(payload, rs.getBytes(5))) {
                  lastSeq = seq - 1;
                  lastHash = prevHash;
                } else {
                  report(seq, VerificationResult.CUT_SIGNATURE_INVALID, null);
                }
              });
    }

    private void check(ResultSet rs) throws SQLException {
      long seq = rs.getLong(1);
      boolean gap = seq != lastSeq + 1;
      if (gap) {
        report(lastSeq + 1, VerificationResult.SEQUENCE_GAP, null);
      }
      byte[] prevHash = rs.getBytes(9);
      byte[] storedHash = rs.getBytes(10);
      byte[] computed = recompute(rs, seq, prevHash);
      boolean linked = gap || MessageDigest.isEqual(prevHash, lastHash);
      if (!linked || computed == null || !MessageDigest.isEqual(storedHash, computed)) {
        report(seq, VerificationResult.HASH_MISMATCH, null);
      } else {
        for (Pin pin : pins.getOrDefault(seq, List.of())) {
          if (!MessageDigest.isEqual(pin.hash(), storedHash)) {
            report(seq, VerificationResult.CHECKPOINT_MISMATCH, pin);
          }
        }
      }
      lastSeq = seq;
      lastHash = storedHash;
      events++;
    }

    /** The hash the event's content gives, or null when the content cannot be read. */
    private byte[] recompute(ResultSet rs, long seq, byte[] prevHash) throws SQLException {
      if (prevHash == null) {
        return null;
      }
      try {
        return CanonicalForm.storedEntryHash(
            rs.getInt(11),
            prevHash,
            chain,
            seq,
            CanonicalForm.micros(Instants.from(rs, 2)),
            rs.getObject(3, UUID.class),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8));
      } catch (RuntimeException e) {
        return null;
      }
    }

    private void report(long seq, String reason, Pin pin) {
      breaks.add(new BrokenLink(chain, seq, reason, pin == null ? null : pin.checkpointId()));
    }
  }
}
