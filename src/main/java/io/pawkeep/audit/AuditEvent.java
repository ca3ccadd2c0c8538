package io.pawkeep.audit;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One thing that happened, to be appended to the audit trail.
 *
 * @param chainId the tenant (household or business id) whose chain records it, or {@link
 *     #PLATFORM_CHAIN} for account and platform events
 * @param actorId who did it, or {@code null} before authentication; the database records the
 *     request identity itself (LOG-5), and {@link AuditTrail#record} refuses an event whose actor
 *     is not that identity
 * @param action what was done, e.g. {@code "session.login_failed"}
 * @param targetType the kind of thing acted upon, or {@code null}
 * @param targetId which one, or {@code null}
 * @param ipAddress the client address, or {@code null}
 * @param detail further facts as JSON-serialisable values; never secrets (passwords, tokens, codes)
 */
public record AuditEvent(
    UUID chainId,
    UUID actorId,
    String action,
    String targetType,
    String targetId,
    String ipAddress,
    Map<String, Object> detail) {

  /** The chain of account and platform events, which belong to no tenant. */
  public static final UUID PLATFORM_CHAIN = new UUID(0L, 0L);

  public AuditEvent {
    Objects.requireNonNull(chainId, "chainId cannot be null");
    Objects.requireNonNull(action, "action cannot be null");
    if (action.isBlank()) {
      throw new IllegalArgumentException("action cannot be blank");
    }
    detail = detail == null ? Map.of() : detail;
  }
}
