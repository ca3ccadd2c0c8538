package io.pawkeep.security;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access-token settings. The signing keys are shared by every node through the database ({@link
 * SigningKeys}, SESS-1, AVAIL-4). {@code keys} (key ids to base64 HS256 secrets of at least 256
 * bits, {@code activeKeyId} signing) are read on first start only, when the database holds no key
 * yet, and imported there. Each node reloads the shared keys every {@code keyRefreshInterval}, and
 * at most once per {@code unknownKeyReloadInterval} when a token names a key id it does not know;
 * the signing key is replaced when older than {@code keyMaxAge} (zero: only by the rotation
 * command). The rotation schedule ({@code pawkeep.jwt.rotation-check-interval}) is read by the
 * schedule.
 */
@ConfigurationProperties("pawkeep.jwt")
record JwtProperties(
    @DefaultValue(JwtProperties.ISSUER) String issuer,
    @DefaultValue(JwtProperties.AUDIENCE) String audience,
    @DefaultValue("PT15M") Duration accessTokenTtl,
    @DefaultValue("PT30S") Duration clockSkew,
    String activeKeyId,
    @DefaultValue Map<String, String> keys,
    @DefaultValue("PT30S") Duration keyRefreshInterval,
    @DefaultValue("PT1S") Duration unknownKeyReloadInterval,
    @DefaultValue("P30D") Duration keyMaxAge) {

  static final String ISSUER = "pawkeep";
  static final String AUDIENCE = "pawkeep-api";

  JwtProperties {
    // An empty value names the default, as a missing one does: tokens always carry both claims.
    issuer = issuer.isBlank() ? ISSUER : issuer;
    audience = audience.isBlank() ? AUDIENCE : audience;
    keys = Map.copyOf(keys);
    if (keyRefreshInterval.isNegative()
        || keyRefreshInterval.isZero()
        || unknownKeyReloadInterval.isNegative()
        || keyMaxAge.isNegative()) {
      throw new IllegalArgumentException(
          "pawkeep.jwt.key-refresh-interval must be positive, the other key durations not"
              + " negative");
    }
  }

  /**
   * How long a retired key keeps verifying: every node may sign with it until its next refresh, and
   * each token it signed lives the access-token lifetime, give or take the clock skew.
   */
  Duration retiredKeyLifetime() {
    return keyRefreshInterval.plus(accessTokenTtl).plus(clockSkew);
  }

  /** Names the configured key ids, never the keys. */
  @Override
  public String toString() {
    Map<String, String> ids = new TreeMap<>();
    keys.keySet().forEach(id -> ids.put(id, "(set)"));
    return "JwtProperties[issuer="
        + issuer
        + ", audience="
        + audience
        + ", accessTokenTtl="
        + accessTokenTtl
        + ", clockSkew="
        + clockSkew
        + ", activeKeyId="
        + activeKeyId
        + ", keys="
        + ids
        + ", keyRefreshInterval="
        + keyRefreshInterval
        + ", unknownKeyReloadInterval="
        + unknownKeyReloadInterval
        + ", keyMaxAge="
        + keyMaxAge
        + "]";
  }
}
