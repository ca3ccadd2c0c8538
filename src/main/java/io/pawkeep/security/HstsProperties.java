package io.pawkeep.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HARD-1: how long browsers keep to HTTPS after an answer over TLS [one year], and whether for
 * every subdomain too [yes].
 */
@ConfigurationProperties("pawkeep.http.hsts")
record HstsProperties(
    @DefaultValue("365d") Duration maxAge, @DefaultValue("true") boolean includeSubdomains) {
  HstsProperties {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("pawkeep.http.hsts.max-age cannot be negative");
    }
  }
}
