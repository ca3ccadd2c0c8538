package io.pawkeep.accounts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password hashing settings (AUTH-11): how many hashes may run at once (default: one per available
 * processor) and how long a request waits in line for one before it is answered 503.
 */
@ConfigurationProperties("pawkeep.passwords")
record PasswordProperties(Integer maxConcurrentHashes, @DefaultValue("PT2S") Duration maxHashWait) {

  PasswordProperties {
    // The default depends on the machine, so it cannot be a @DefaultValue.
    maxConcurrentHashes =
        maxConcurrentHashes == null
            ? Runtime.getRuntime().availableProcessors()
            : maxConcurrentHashes;
  }
}
