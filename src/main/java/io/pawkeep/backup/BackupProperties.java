package io.pawkeep.backup;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backups (AVAIL-1), {@code pawkeep.backup.*}: the backup key ({@code PAWKEEP_BACKUP_KEY}, 32
 * random bytes in base64; required in {@code prod}, generated under {@code <data-dir>/keys/}
 * elsewhere), the folder backups go to ({@code <data-dir>/backups} unless set), when the daily
 * backup runs (a cron expression in UTC, {@code -} for never) and how long backups are kept.
 */
@ConfigurationProperties("pawkeep.backup")
record BackupProperties(
    String key,
    Path dir,
    @DefaultValue("0 30 2 * * *") String schedule,
    @DefaultValue("P30D") Duration keep) {

  BackupProperties {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("pawkeep.backup.keep must be a positive duration");
    }
  }

  @Override
  public String toString() {
    // Never the key, should these settings ever be logged.
    return "BackupProperties[key="
        + (key == null || key.isBlank() ? "" : "(set)")
        + ", dir="
        + dir
        + ", schedule="
        + schedule
        + ", keep="
        + keep
        + "]";
  }
}
