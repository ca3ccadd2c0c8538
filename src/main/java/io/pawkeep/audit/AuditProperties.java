package io.pawkeep.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit settings. {@code checkpointKey}: the base64 key that signs checkpoints (LOG-1), at least 32
 * bytes; empty means a development key generated under the data directory, which production
 * refuses. The checkpoint interval ({@code pawkeep.audit.checkpoint-interval}) is read by the
 * schedule itself.
 */
@ConfigurationProperties("pawkeep.audit")
record AuditProperties(@DefaultValue("") String checkpointKey) {

  /** Says whether the key is configured, never the key. */
  @Override
  public String toString() {
    return "AuditProperties[checkpointKey=" + (checkpointKey.isBlank() ? "" : "(set)") + "]";
  }
}
