package io.pawkeep.accounts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Password hashing settings (AUTH-11): how many hashes may run at once (default: one per available
 * processor) and how long a request waits in line for one before it is answered 503.
 */
@ConfigurationProperties("pawkeep.passwords")
record PasswordProperties(Integer maxConcurrentHashes, Duration maxHashWait) {

  PasswordProperties {
    maxConcurrentHashes =
        maxConcurrentHashes == null
            ? Runtime.getRuntime().availableProcessors()
            : maxConcurrentHashes;
    maxHashWait = maxHashWait == null ? Duration.ofSeconds(2) : maxHashWait;
  }
}
