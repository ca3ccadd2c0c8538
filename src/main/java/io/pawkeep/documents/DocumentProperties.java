package io.pawkeep.documents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The documents' lifecycle and quotas ({@code pawkeep.documents.*}): a binned file can be restored
 * for {@code bin-days} days, then the purge (run every {@code purge-interval}) removes it with its
 * stored bytes; each household and business stores at most its quota, the bin included (FILE-1).
 */
@ConfigurationProperties("pawkeep.documents")
record DocumentProperties(
    @DefaultValue("30") int binDays,
    @DefaultValue("PT1H") Duration purgeInterval,
    @DefaultValue Quota quota) {

  record Quota(@DefaultValue("1GB") DataSize household, @DefaultValue("10GB") DataSize business) {}

  DocumentProperties {
    if (binDays < 1) {
      throw new IllegalArgumentException("pawkeep.documents.bin-days must be at least 1");
    }
  }

  Duration bin() {
    return Duration.ofDays(binDays);
  }
}
