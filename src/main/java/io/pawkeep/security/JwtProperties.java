package io.pawkeep.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access-token settings. {@code keys} maps key ids to base64 HS256 secrets of at least 256 bits;
 * tokens are signed with {@code activeKeyId} and verified with any key still listed, so a new key
 * can be promoted without signing anyone out.
 */
@ConfigurationProperties("pawkeep.jwt")
record JwtProperties(
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration clockSkew,
    String activeKeyId,
    Map<String, String> keys) {

  JwtProperties {
    issuer = issuer == null || issuer.isBlank() ? "pawkeep" : issuer;
    audience = audience == null || audience.isBlank() ? "pawkeep-api" : audience;
    accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(15) : accessTokenTtl;
    clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    keys = keys == null ? Map.of() : Map.copyOf(keys);
  }
}
