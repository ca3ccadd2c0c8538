package io.pawkeep.audit;

import java.time.Instant;
import java.util.UUID;

/** An audit event as stored, for people allowed to read their trail. */
public record RecordedEvent(
    long seq,
    Instant occurredAt,
    UUID actorId,
    String action,
    String targetType,
    String targetId,
    String ipAddress,
    String detail) {}
