package io.pawkeep.audit;

import io.pawkeep.audit.CanonicalForm.ChainHead;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the audit trail (LOG-1), in the caller's transaction: an event is recorded if
 * and only if the work it describes commits.
 *
 * <p>Each append locks its chain's head row, so appends to one chain are serialised and the chain
 * never forks, while appends to different chains lock different rows and proceed in parallel. The
 * lock is held until the caller's transaction ends: keep audited transactions short.
 */
@Component
public class AuditTrail {

  /**
   * Creates the chain's head on first use and locks it in one round trip. The no-op update takes
   * the row lock and, under read committed, returns the latest committed head.
   */
  private static final String LOCK_HEAD =
      """
      insert into audit_chain_heads (chain_id, seq, hash) values (?, 0, ?)
      on conflict (chain_id) do update set seq = audit_chain_heads.seq
      returning seq, hash
      """;

  /** Appends the event and advances the head, in one round trip. */
  private static final String APPEND =
      """
      with appended as (
        insert into audit_events (chain_id, seq, occurred_at, actor_id, action, target_type,
                                  target_id, ip_address, detail, prev_hash, hash)
        values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?))
      update audit_chain_heads set seq = ?, hash = ? where chain_id = ? and seq = ?
      """;

  private final JdbcClient jdbc;
  private final Clock clock;

  AuditTrail(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Appends {@code event} to its chain, joining the current transaction or starting one. */
  @Transactional
  public void record(AuditEvent event) {
    UUID chainId = event.chainId();
    String action = CanonicalForm.text(event.action());
    String targetType = CanonicalForm.text(event.targetType());
    String targetId = CanonicalForm.text(event.targetId());
    String ipAddress = CanonicalForm.text(event.ipAddress());
    String detail = CanonicalForm.detail(event.detail());
    Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);

    ChainHead head =
        jdbc.sql(LOCK_HEAD)
            .param(chainId)
            .param(CanonicalForm.GENESIS)
            .query((rs, n) -> new ChainHead(chainId, rs.getLong(1), rs.getBytes(2)))
            .single();
    long seq = head.seq() + 1;
    byte[] hash =
        CanonicalForm.entryHash(
            head.hash(),
            chainId,
            seq,
            CanonicalForm.micros(occurredAt),
            event.actorId(),
            action,
            targetType,
            targetId,
            ipAddress,
            detail);
    int advanced =
        jdbc.sql(APPEND)
            .params(
                chainId,
                seq,
                OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC),
                event.actorId(),
                action,
                targetType,
                targetId,
                ipAddress,
                detail,
                head.hash(),
                hash,
                seq,
                hash,
                chainId,
                head.seq())
            .update();
    if (advanced != 1) {
      throw new IllegalStateException("audit chain head moved while locked: " + chainId);
    }
  }

  /**
   * The newest events of a chain that the caller may read (row-level security decides: a user reads
   * their own actions, household owners their household's chain), newest first.
   */
  @Transactional(readOnly = true)
  public java.util.List<RecordedEvent> recent(UUID chainId, int limit) {
    return jdbc.sql(
            """
            select seq, occurred_at, actor_id, action, target_type, target_id, ip_address,
                   detail::text
              from audit_events where chain_id = ? order by seq desc limit ?
            """)
        .params(chainId, Math.max(1, Math.min(limit, 500)))
        .query(
            (rs, n) ->
                new RecordedEvent(
                    rs.getLong("seq"),
                    rs.getTimestamp("occurred_at").toInstant(),
                    rs.getObject("actor_id", UUID.class),
                    rs.getString("action"),
                    rs.getString("target_type"),
                    rs.getString("target_id"),
                    rs.getString("ip_address"),
                    rs.getString("detail")))
        .list();
  }

  /**
   * One page of a chain that the caller may read, newest first (HARD-8): by sequence number, so
   * events recorded while the caller pages never shift the pages that follow.
   */
  @Transactional(readOnly = true)
  public Page<RecordedEvent> page(UUID chainId, PageRequest page) {
    List<Object> params = new ArrayList<>(List.of(chainId));
    String after = "";
    if (!page.first()) {
      after = " and seq < ?";
      params.add(page.after().number(0));
    }
    params.add(page.fetch());
    List<RecordedEvent> rows =
        jdbc.sql(
                "select seq, occurred_at, actor_id, action, target_type, target_id, ip_address,"
                    + " detail::text from audit_events where chain_id = ?"
                    + after
                    + " order by seq desc limit ?")
            .params(params)
            .query(
                (rs, n) ->
                    new RecordedEvent(
                        rs.getLong("seq"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getObject("actor_id", UUID.class),
                        rs.getString("action"),
                        rs.getString("target_type"),
                        rs.getString("target_id"),
                        rs.getString("ip_address"),
                        rs.getString("detail")))
            .list();
    return Page.of(rows, page, e -> Cursor.of(page.list(), e.seq()));
  }
}
