package io.pawkeep.watch;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An alert as operators see it: which rule, about whom or what (an address, an account id or a
 * digest of an unknown email, a person's id), the counts that crossed the threshold, and whether an
 * operator closed it.
 */
record Alert(
    UUID id,
    String rule,
    String title,
    String subject,
    Instant openedAt,
    Map<String, Object> detail,
    Instant closedAt,
    UUID closedBy) {

  public boolean open() {
    return closedAt == null;
  }
}
