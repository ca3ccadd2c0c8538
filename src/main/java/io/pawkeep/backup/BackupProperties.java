package io.pawkeep.backup;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backups (AVAIL-1), {@code pawkeep.backup.*}: the backup key ({@code PAWKEEP_BACKUP_KEY}, 32
 * random bytes in base64; required in {@code prod}, generated under {@code <data-dir>/keys/}
 * elsewhere), where backups go ({@code store}: {@code folder}, the default, or {@code
 * object-store}: the configured documents store under {@code backups/}), the folder backups are
 * written to ({@code <data-dir>/backups} unless set; with the object store only while one is taken
 * or fetched), when the daily backup runs (a cron expression in UTC, {@code -} for never) and how
 * long backups are kept.
 */
@ConfigurationProperties("pawkeep.backup")
record BackupProperties(
    String key,
    Path dir,
    @DefaultValue("0 30 2 * * *") String schedule,
    @DefaultValue("P30D") Duration keep,
    @DefaultValue("folder") Store store) {

  enum Store {
    FOLDER,
    OBJECT_STORE
  }

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
        + ", store="
        + store
        + "]";
  }
}
