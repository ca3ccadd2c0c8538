package io.pawkeep.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reverse proxies in front of Pawkeep ({@code PAWKEEP_TRUSTED_PROXIES}, CIDR ranges, IPv4 or
 * IPv6); none by default, so forwarded headers are ignored.
 */
@ConfigurationProperties("pawkeep.http")
record ProxyProperties(@DefaultValue List<String> trustedProxies) {
  ProxyProperties {
    trustedProxies = List.copyOf(trustedProxies);
  }
}
