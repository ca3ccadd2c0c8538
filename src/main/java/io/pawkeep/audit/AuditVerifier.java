package io.pawkeep.audit;

import io.pawkeep.audit.CanonicalForm.ChainHead;
import io.pawkeep.audit.VerificationResult.BrokenLink;
import io.pawkeep.database.OwnerDatabase;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes audit chains and checks them against their heads and signed checkpoints (LOG-1).
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
                        + " cast(? as text)))",
                    chainId.toString())));
  }

  /** Verifies every chain and every checkpoint. */
  public VerificationResult verifyAll() {
    return snapshot.execute(
        tx -> {
          List<Checkpoint> all = loadCheckpoints("", null);
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

  private List<Checkpoint> loadCheckpoints(String where, String param) {
    var statement =
        owner.sql(
            "select id, created_at, heads::text, signature from audit_checkpoints"
                + where
                + " order by id");
    if (param != null) {
      statement = statement.param(param);
    }
    return statement
        .query(
            (rs, n) -> {
              long id = rs.getLong(1);
              long createdAt =
                  CanonicalForm.micros(rs.getObject(2, OffsetDateTime.class).toInstant());
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
    Map<UUID, TreeMap<Long, Pin>> pins = new HashMap<>();
    for (Checkpoint checkpoint : all) {
      if (!checkpoint.signatureValid()) {
        UUID chain = chains.size() == 1 ? chains.get(0) : null;
        return new VerificationResult(
            0,
            0,
            all.size(),
            Optional.of(
                new BrokenLink(
                    chain, 0, VerificationResult.CHECKPOINT_SIGNATURE_INVALID, checkpoint.id())));
      }
      for (ChainHead head : checkpoint.heads()) {
        pins.computeIfAbsent(head.chainId(), c -> new TreeMap<>())
            .put(head.seq(), new Pin(head.hash(), checkpoint.id()));
      }
    }
    long events = 0;
    int checked = 0;
    for (UUID chain : chains) {
      ChainCheck check = new ChainCheck(chain, pins.getOrDefault(chain, new TreeMap<>()));
      BrokenLink broken = check.run();
      events += check.events;
      checked++;
      if (broken != null) {
        return new VerificationResult(checked, events, all.size(), Optional.of(broken));
      }
    }
    return new VerificationResult(checked, events, all.size(), Optional.empty());
  }

  /** One chain, streamed in sequence order and recomputed link by link. */
  private final class ChainCheck {
    private final UUID chain;
    private final TreeMap<Long, Pin> pins;
    private long events;
    private long lastSeq;
    private byte[] lastHash = CanonicalForm.GENESIS;

    ChainCheck(UUID chain, TreeMap<Long, Pin> pins) {
      this.chain = chain;
      this.pins = pins;
    }

    BrokenLink run() {
      BrokenLink broken =
          owner
              .sql(
                  """
                  select seq, occurred_at, actor_id, action, target_type, target_id, ip_address,
                         detail::text, prev_hash, hash
                    from audit_events where chain_id = ? order by seq
                  """)
              .withFetchSize(FETCH_SIZE)
              .param(chain)
              .query(this::walk)
              .orElse(null);
      if (broken != null) {
        return broken;
      }
      Map.Entry<Long, Pin> beyond = pins.higherEntry(lastSeq);
      if (beyond != null) {
        return link(beyond.getKey(), VerificationResult.CHECKPOINT_MISMATCH, beyond.getValue());
      }
      List<ChainHead> head =
          owner
              .sql("select seq, hash from audit_chain_heads where chain_id = ?")
              .param(chain)
              .query((rs, n) -> new ChainHead(chain, rs.getLong(1), rs.getBytes(2)))
              .list();
      if (head.isEmpty()) {
        return lastSeq == 0 ? null : link(lastSeq, VerificationResult.HEAD_MISMATCH, null);
      }
      ChainHead h = head.get(0);
      if (h.seq() != lastSeq || !MessageDigest.isEqual(h.hash(), lastHash)) {
        return link(Math.max(h.seq(), lastSeq), VerificationResult.HEAD_MISMATCH, null);
      }
      return null;
    }

    private Optional<BrokenLink> walk(ResultSet rs) throws SQLException {
      while (rs.next()) {
        long seq = rs.getLong(1);
        long expected = lastSeq + 1;
        if (seq != expected) {
          return Optional.of(link(expected, VerificationResult.SEQUENCE_GAP, null));
        }
        byte[] prevHash = rs.getBytes(9);
        byte[] storedHash = rs.getBytes(10);
        byte[] computed;
        try {
          computed =
              CanonicalForm.entryHash(
                  lastHash,
                  chain,
                  seq,
                  CanonicalForm.micros(rs.getObject(2, OffsetDateTime.class).toInstant()),
                  rs.getObject(3, UUID.class),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  CanonicalForm.canonicalJson(rs.getString(8)));
        } catch (RuntimeException e) {
          return Optional.of(link(seq, VerificationResult.HASH_MISMATCH, null));
        }
        if (!MessageDigest.isEqual(prevHash, lastHash)
            || !MessageDigest.isEqual(storedHash, computed)) {
          return Optional.of(link(seq, VerificationResult.HASH_MISMATCH, null));
        }
        Pin pin = pins.get(seq);
        if (pin != null && !MessageDigest.isEqual(pin.hash(), computed)) {
          return Optional.of(link(seq, VerificationResult.CHECKPOINT_MISMATCH, pin));
        }
        lastSeq = seq;
        lastHash = computed;
        events++;
      }
      return Optional.empty();
    }

    private BrokenLink link(long seq, String reason, Pin pin) {
      return new BrokenLink(chain, seq, reason, pin == null ? null : pin.checkpointId());
    }
  }
}
