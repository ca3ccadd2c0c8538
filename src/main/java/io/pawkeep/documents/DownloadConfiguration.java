package io.pawkeep.documents;

import io.pawkeep.crypto.MasterKeyCipher;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DownloadLinkProperties.class)
class DownloadConfiguration {

  /**
   * The HMAC key that signs download links (FILE-3) is derived from the master key with a label of
   * its own: no new secret to configure, none in the repository, and production already refuses to
   * start without a strong master key (CRYPTO-4). Rotating the master key ends the links issued
   * before, which live five minutes anyway.
   */
  static final String KEY_PURPOSE = "pawkeep download links v1";

  @Bean
  DownloadLinks downloadLinks(
      MasterKeyCipher master, DownloadLinkProperties properties, Clock clock) {
    byte[] key = master.derivedKey(KEY_PURPOSE);
    try {
      return new DownloadLinks(key, properties.linkTtl(), clock);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
