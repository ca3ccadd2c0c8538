package io.pawkeep.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues short-lived HS256 access tokens, signed with the key every node shares ({@link
 * SigningKeys}). A token names its account ({@code sub}) and session ({@code sid}); roles are never
 * in it, they are read from the database on every request.
 */
@Component
public class AccessTokens {

  static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

  private final Supplier<SigningKeyRing> keys;
  private final JwtProperties properties;
  private final Clock clock;

  @Autowired
  AccessTokens(SigningKeys keys, JwtProperties properties, Clock clock) {
    this(keys::current, properties, clock);
  }

  /** Tokens signed with one fixed ring of keys. */
  AccessTokens(SigningKeyRing keys, JwtProperties properties, Clock clock) {
    this(() -> keys, properties, clock);
  }

  private AccessTokens(Supplier<SigningKeyRing> keys, JwtProperties properties, Clock clock) {
    this.keys = keys;
    this.properties = properties;
    this.clock = clock;
  }

  public IssuedAccessToken issue(UUID userId, UUID sessionId, boolean secondFactor) {
    Objects.requireNonNull(userId, "userId cannot be null");
    Objects.requireNonNull(sessionId, "sessionId cannot be null");
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(properties.issuer())
            .audience(properties.audience())
            .subject(userId.toString())
            .claim("sid", sessionId.toString())
            .claim("amr", secondFactor ? List.of("pwd", "otp") : List.of("pwd"))
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(properties.accessTokenTtl())))
            .build();
    // One snapshot: the key id and the key always belong together, even during a reload.
    SigningKeyRing ring = keys.get();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ring.activeKeyId()).type(TYPE).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new MACSigner(ring.activeKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign an access token", e);
    }
    return new IssuedAccessToken(jwt.serialize(), properties.accessTokenTtl());
  }
}
