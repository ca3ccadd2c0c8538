package io.pawkeep.documents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Upload limits (FILE-1). {@code maxSize}: the largest file accepted (10 MiB). {@code maxPixels}:
 * the largest image, read from its header before any decoding, so a small file cannot unpack into
 * gigabytes of pixels (50 megapixels).
 */
@ConfigurationProperties("pawkeep.documents.upload")
public record UploadCheckProperties(
    @DefaultValue("10MB") DataSize maxSize, @DefaultValue("50000000") long maxPixels) {

  public UploadCheckProperties {
    if (maxSize == null || maxSize.toBytes() <= 0 || maxSize.toBytes() >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxSize must be between 1 byte and 2 GiB");
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive");
    }
  }

  /** The defaults: 10 MiB and 50 megapixels. */
  public static UploadCheckProperties defaults() {
    return new UploadCheckProperties(DataSize.ofMegabytes(10), 50_000_000L);
  }
}
