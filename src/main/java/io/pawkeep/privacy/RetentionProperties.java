package io.pawkeep.privacy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long each kind of short-lived record is kept (PRIV-2), applied by {@link RetentionPurge}:
 * rate-limit buckets not touched for {@code rate-limit-rows} [2 days] (a bucket untouched that long
 * is full again anyway), sessions ended (expired or revoked) more than {@code ended-sessions} ago
 * [30 days] with their refresh tokens, and one-time links (email confirmation, password reset,
 * second-factor challenges) expired more than {@code one-time-links} ago [7 days]. Idempotency keys
 * ({@code pawkeep.retention.idempotency-keys}) are forgotten by billing's own purge, documents in
 * the bin after {@code pawkeep.documents.bin-days}, deleted households and accounts after {@code
 * pawkeep.privacy.undo-days}.
 */
@ConfigurationProperties("pawkeep.retention")
record RetentionProperties(
    @DefaultValue("P2D") Duration rateLimitRows,
    @DefaultValue("P30D") Duration endedSessions,
    @DefaultValue("P7D") Duration oneTimeLinks) {

  RetentionProperties {
    // A bucket must outlive the longest rate-limit window (a day), or limits would reset early.
    if (rateLimitRows.compareTo(Duration.ofDays(1)) < 0
        || endedSessions.isNegative()
        || oneTimeLinks.isNegative()) {
      throw new IllegalStateException(
          "pawkeep.retention: rate-limit-rows at least P1D, the others not negative");
    }
  }
}
