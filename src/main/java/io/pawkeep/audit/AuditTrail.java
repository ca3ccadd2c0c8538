package io.pawkeep.audit;

import io.pawkeep.web.Cursor;
import io.pawkeep.web.Instants;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the audit trail (LOG-1), in the caller's transaction: an event is recorded if
 * and only if the work it describes commits.
 *
 * <p>The database computes everything that makes the trail trustworthy (LOG-5): {@code
 * pawkeep_audit_append} takes the actor from the request identity, the time from its own clock and
 * the previous hash from the chain's head, which it locks until the caller's transaction ends. So
 * appends to one chain are serialised and the chain never forks, while appends to different chains
 * lock different rows and proceed in parallel: keep audited transactions short. One round trip.
 */
@Component
public class AuditTrail {

  private static final String APPEND =
      "select pawkeep_audit_append(:chainId, :action, :targetType, :targetId, :ipAddress,"
          + " cast(:detail as jsonb))";

  private final JdbcClient jdbc;

  AuditTrail(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Appends {@code event} to its chain, joining the current transaction or starting one.
   *
   * @throws IllegalStateException when the event names an actor and the database recorded someone
   *     else (the transaction does not carry that person's identity): the caller's work rolls back
   */
  @Transactional
  public void record(AuditEvent event) {
    Optional<UUID> recorded =
        jdbc.sql(APPEND)
            .param("chainId", event.chainId())
            .param("action", CanonicalForm.text(event.action()))
            .param("targetType", CanonicalForm.text(event.targetType()))
            .param("targetId", CanonicalForm.text(event.targetId()))
            .param("ipAddress", CanonicalForm.text(event.ipAddress()))
            .param("detail", CanonicalForm.detail(event.detail()))
            .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
            .single();
    // Null means "before sign-in": whoever the database knows is recorded, which is never wrong.
    if (event.actorId() != null && !recorded.equals(Optional.of(event.actorId()))) {
      throw new IllegalStateException(
          "audit event "
              + event.action()
              + " names actor "
              + event.actorId()
              + " but its transaction carries "
              + recorded.map(UUID::toString).orElse("no identity"));
    }
  }

  /**
   * The newest events of a chain that the caller may read (row-level security decides: a user reads
   * their own actions, household owners their household's chain), newest first.
   */
  @Transactional(readOnly = true)
  public List<RecordedEvent> recent(UUID chainId, int limit) {
    return jdbc.sql(
            """
            select seq, occurred_at, actor_id, action, target_type, target_id, ip_address,
                   detail::text
              from audit_events where chain_id = :chainId order by seq desc limit :limit
            """)
        .param("chainId", chainId)
        .param("limit", Math.max(1, Math.min(limit, 500)))
        .query(AuditTrail::recorded)
        .list();
  }

  /**
   * One page of a chain that the caller may read, newest first (HARD-8): by sequence number, so
   * events recorded while the caller pages never shift the pages that follow.
   */
  @Transactional(readOnly = true)
  public Page<RecordedEvent> page(UUID chainId, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.number("seq")));
    List<RecordedEvent> rows =
        jdbc.sql(
                "select seq, occurred_at, actor_id, action, target_type, target_id, ip_address,"
                    + " detail::text from audit_events where chain_id = :chainId"
                    + after.and()
                    + " order by seq desc limit :fetch")
            .param("chainId", chainId)
            .params(after.params())
            .query(AuditTrail::recorded)
            .list();
    return Page.of(rows, page, e -> Cursor.of(page.list(), e.seq()));
  }

  private static RecordedEvent recorded(ResultSet rs, int n) throws SQLException {
    return new RecordedEvent(
        rs.getLong("seq"),
        Instants.from(rs, "occurred_at"),
        rs.getObject("actor_id", UUID.class),
        rs.getString("action"),
        rs.getString("target_type"),
        rs.getString("target_id"),
        rs.getString("ip_address"),
        rs.getString("detail"));
  }
}
