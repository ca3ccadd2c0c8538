package io.pawkeep.audit;

import io.pawkeep.audit.CanonicalForm.ChainHead;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes audit events older than {@code pawkeep.retention.audit-events} (PRIV-2) without weakening
 * the trail (LOG-1). Per chain it removes the oldest events past the retention, but never beyond
 * the last event a signed checkpoint covers, and never from a chain that does not verify (the cut
 * would erase the evidence). Each removal leaves a retention cut signed with the checkpoint key, so
 * {@link AuditVerifier} checks the chain from the cut on.
 *
 * <p>The application role can never remove events: this runs as the schema owner, through {@code
 * pawkeep_audit_retention_cut} (R__99_audit_retention.sql), the one path the append-only triggers
 * let through.
 */
@Component
@EnableConfigurationProperties(AuditRetentionProperties.class)
class AuditRetention {

  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

  private final JdbcClient owner;
  private final TransactionTemplate ownerTransaction;
  private final Clock clock;
  private final AuditRetentionProperties retention;
  private final AuditCheckpoints checkpoints;
  private final AuditVerifier verifier;

  AuditRetention(
      OwnerDatabase owner,
      Clock clock,
      AuditRetentionProperties retention,
      AuditCheckpoints checkpoints,
      AuditVerifier verifier) {
    this.owner = owner.jdbc();
    this.ownerTransaction = owner.transaction();
    this.clock = clock;
    this.retention = retention;
    this.checkpoints = checkpoints;
    this.verifier = verifier;
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "audit-retention", lockAtMostFor = "PT1H", lockAtLeastFor = "PT1M")
  @Scheduled(
      fixedDelayString = "${pawkeep.retention.purge-interval:PT6H}",
      initialDelayString = "${pawkeep.retention.purge-interval:PT6H}")
  void scheduledRun() {
    run();
  }

  /** Applies the retention to every chain; answers how many events each chain lost. */
  Map<UUID, Long> run() {
    Map<UUID, Long> covered = coveredSeqs();
    Map<UUID, Long> removed = new LinkedHashMap<>();
    covered.forEach(
        (chain, seq) -> {
          long n = apply(chain, seq);
          if (n > 0) {
            removed.put(chain, n);
          }
        });
    if (!removed.isEmpty()) {
      log.info("Audit retention removed events from {} chain(s): {}", removed.size(), removed);
    }
    return removed;
  }

  /** Applies the retention to one chain; answers how many events it lost. */
  long apply(UUID chain) {
    Long covered = coveredSeqs().get(chain);
    return covered == null ? 0 : apply(chain, covered);
  }

  private long apply(UUID chain, long coveredSeq) {
    Instant cutoff =
        clock.instant().atOffset(ZoneOffset.UTC).minus(retention.auditEvents()).toInstant();
    // The events before the first one still within the retention (times follow sequence numbers
    // in a chain, but the first young event bounds the cut even if they did not), and never past
    // the checkpoint.
    record Last(long seq, byte[] hash) {}
    List<Last> last =
        owner
            .sql(
                """
                select seq, hash from audit_events
                 where chain_id = :chain
                   and seq <= :covered
                   and seq < coalesce((select min(seq) from audit_events
                                        where chain_id = :chain and occurred_at >= :cutoff),
                                      :covered + 1)
                 order by seq desc limit 1
                """)
            .param("chain", chain)
            .param("covered", coveredSeq)
            .param("cutoff", Instants.timestamp(cutoff))
            .query((rs, n) -> new Last(rs.getLong(1), rs.getBytes(2)))
            .list();
    if (last.isEmpty()) {
      return 0;
    }
    VerificationResult check = verifier.verify(chain);
    if (!check.intact()) {
      log.warn("Audit retention skipped chain {}: it does not verify", chain);
      return 0;
    }
    long firstKept = last.get(0).seq() + 1;
    byte[] prevHash = last.get(0).hash();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    byte[] signature =
        checkpoints.sign(
            CanonicalForm.cutPayload(chain, firstKept, prevHash, CanonicalForm.micros(now)));
    Long removed =
        ownerTransaction.execute(
            tx ->
                owner
                    .sql("select pawkeep_audit_retention_cut(:chain, :first, :prev, :at, :sig)")
                    .param("chain", chain)
                    .param("first", firstKept)
                    .param("prev", prevHash)
                    .param("at", Instants.timestamp(now))
                    .param("sig", signature)
                    .query(Long.class)
                    .single());
    return removed == null ? 0 : removed;
  }

  /**
   * For each chain, the last sequence number a checkpoint with a valid signature pins: the most the
   * retention may ever remove. That the chain holds the pinned hash there is checked by verifying
   * the chain before cutting it.
   */
  private Map<UUID, Long> coveredSeqs() {
    Map<UUID, Long> covered = new HashMap<>();
    owner
        .sql("select created_at, heads::text, signature from audit_checkpoints order by id")
        .query(
            rs -> {
              List<ChainHead> heads;
              try {
                heads = CanonicalForm.parseHeads(rs.getString(2));
              } catch (IllegalArgumentException e) {
                return;
              }
              long at = CanonicalForm.micros(Instants.from(rs, 1));
              if (!checkpoints.signatureMatches(
                  CanonicalForm.checkpointPayload(at, heads), rs.getBytes(3))) {
                return;
              }
              for (ChainHead head : heads) {
                covered.merge(head.chainId(), head.seq(), Math::max);
              }
            });
    return covered;
  }
}
