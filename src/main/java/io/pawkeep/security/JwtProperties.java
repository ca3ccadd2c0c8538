package io.pawkeep.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access-token settings. {@code keys} maps key ids to base64 HS256 secrets of at least 256 bits;
 * tokens are signed with {@code activeKeyId} and verified with any key still listed, so a new key
 * can be promoted without signing anyone out.
 */
@ConfigurationProperties("pawkeep.jwt")
record JwtProperties(
    @DefaultValue(JwtProperties.ISSUER) String issuer,
    @DefaultValue(JwtProperties.AUDIENCE) String audience,
    @DefaultValue("PT15M") Duration accessTokenTtl,
    @DefaultValue("PT30S") Duration clockSkew,
    String activeKeyId,
    @DefaultValue Map<String, String> keys) {

  static final String ISSUER = "pawkeep";
  static final String AUDIENCE = "pawkeep-api";

  JwtProperties {
    // An empty value names the default, as a missing one does: tokens always carry both claims.
    issuer = issuer.isBlank() ? ISSUER : issuer;
    audience = audience.isBlank() ? AUDIENCE : audience;
    keys = Map.copyOf(keys);
  }
}
