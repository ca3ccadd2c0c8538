package io.pawkeep.documents;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where documents and photos are stored ({@code pawkeep.documents.*}, FILE-2): {@code store} is
 * {@code local} (a folder under the data directory, the default) or {@code s3}.
 */
@ConfigurationProperties("pawkeep.documents")
record ObjectStoreProperties(@DefaultValue("local") Kind store, @DefaultValue S3 s3) {

  enum Kind {
    LOCAL,
    S3
  }

  /**
   * An S3-compatible service: {@code endpoint} for anything but AWS itself, path-style addressing
   * by default (what most compatible services expect). Without an access key id, the SDK's default
   * credentials chain (environment, instance profile...) is used.
   */
  record S3(
      URI endpoint,
      @DefaultValue("us-east-1") String region,
      @DefaultValue("pawkeep-documents") String bucket,
      @DefaultValue("") String accessKeyId,
      @DefaultValue("") String secretAccessKey,
      @DefaultValue("true") boolean pathStyle) {

    // The secret never appears in logs or error messages.
    @Override
    public String toString() {
      return "S3[endpoint=%s, region=%s, bucket=%s, pathStyle=%s]"
          .formatted(endpoint, region, bucket, pathStyle);
    }
  }
}
