package io.pawkeep.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Erasure (PRIV-2): how many days a deleted household or account can still be brought back ({@code
 * pawkeep.privacy.undo-days}, 30); after that the purge shreds its keys and deletes it.
 */
@ConfigurationProperties("pawkeep.privacy")
public record PrivacyProperties(@DefaultValue("30") int undoDays) {

  public PrivacyProperties {
    if (undoDays < 0 || undoDays > 365) {
      throw new IllegalStateException("pawkeep.privacy.undo-days must be between 0 and 365");
    }
  }

  public java.time.Duration undoWindow() {
    return java.time.Duration.ofDays(undoDays);
  }
}
