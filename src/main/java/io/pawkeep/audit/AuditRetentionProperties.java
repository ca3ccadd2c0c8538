package io.pawkeep.audit;

import java.time.LocalDate;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long audit events are kept (PRIV-2, LOG-1): {@code pawkeep.retention.audit-events} [P6Y], at
 * least a year, so that a year of the trail is always there to investigate. Applied by {@link
 * AuditRetention}, which never removes an event a signed checkpoint does not cover yet.
 */
@ConfigurationProperties("pawkeep.retention")
record AuditRetentionProperties(@DefaultValue("P6Y") Period auditEvents) {

  private static final LocalDate SOME_DAY = LocalDate.of(2001, 1, 1);

  AuditRetentionProperties {
    if (SOME_DAY.plus(auditEvents).isBefore(SOME_DAY.plusYears(1))) {
      throw new IllegalStateException("pawkeep.retention.audit-events must be at least P1Y");
    }
  }
}
