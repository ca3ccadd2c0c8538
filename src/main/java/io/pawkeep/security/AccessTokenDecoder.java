package io.pawkeep.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies access tokens: HS256 only (so {@code none} and every other algorithm fail), a known key
 * id, type {@code at+jwt}, issuer, audience, expiry and not-before on the injected clock, and
 * well-formed subject and session ids. A token verified once is then answered by {@link
 * VerifiedAccessTokens}, which checks its key and claims again on every use.
 */
final class AccessTokenDecoder {

  private AccessTokenDecoder() {}

  /** A decoder over the keys this node shares with the others, reloaded as they change. */
  static VerifiedAccessTokens create(SigningKeys keys, JwtProperties properties, Clock clock) {
    return create(keys::verificationKey, properties, clock);
  }

  /** A decoder over one fixed ring of keys. */
  static VerifiedAccessTokens create(SigningKeyRing keys, JwtProperties properties, Clock clock) {
    return create(id -> keys.verificationKey(id, clock.instant()), properties, clock);
  }

  /** A decoder over the keys {@code keys} answers by key id, asked again on every request. */
  static VerifiedAccessTokens create(
      Function<String, Optional<byte[]>> keys, JwtProperties properties, Clock clock) {
    return create(keys, properties, clock, VerifiedAccessTokens.CAPACITY);
  }

  /** The same, remembering at most {@code capacity} verified tokens. */
  static VerifiedAccessTokens create(
      Function<String, Optional<byte[]>> keys,
      JwtProperties properties,
      Clock clock,
      int capacity) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokens.TYPE));
    // HS256 and a key id only: a token without one is never tried against every key, and a key id
    // no node signs with (unknown, or retired past its time) finds no key.
    processor.setJWSKeySelector(
        (header, context) -> {
          if (!JWSAlgorithm.HS256.equals(header.getAlgorithm()) || header.getKeyID() == null) {
            return List.of();
          }
          return keys.apply(header.getKeyID())
              .<List<Key>>map(
                  secret -> {
                    VerifiedAccessTokens.keySelected(secret);
                    return List.of(new SecretKeySpec(secret, "HmacSHA256"));
                  })
              .orElse(List.of());
        });
    // Time claims are checked below against the application clock.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});

    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    // The issuer stays the string the token carries, compared whole by the issuer check below:
    // Spring's default tries to make a URL of it first, which for our issuer ("pawkeep") throws
    // and catches an exception on every request.
    decoder.setClaimSetConverter(
        MappedJwtClaimSetConverter.withDefaults(
            Map.of(JwtClaimNames.ISS, issuer -> issuer == null ? null : issuer.toString())));
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setClock(clock);
    OAuth2TokenValidator<Jwt> checks =
        new DelegatingOAuth2TokenValidator<>(
            timestamps,
            new JwtIssuerValidator(properties.issuer()),
            audience(properties.audience()),
            wellFormed(clock, properties));
    decoder.setJwtValidator(checks);
    return new VerifiedAccessTokens(decoder, keys, checks, clock, capacity);
  }

  private static OAuth2TokenValidator<Jwt> audience(String audience) {
    // The claim as decoding converted it (a list of strings), read once: Jwt.getAudience() runs
    // the claim through Spring's conversion service on every call.
    return jwt -> {
      Object claim = jwt.getClaims().get(JwtClaimNames.AUD);
      boolean names =
          claim instanceof Collection<?> audiences
              ? audiences.contains(audience)
              : audience.equals(claim);
      return names ? OAuth2TokenValidatorResult.success() : failure("wrong audience");
    };
  }

  private static OAuth2TokenValidator<Jwt> wellFormed(Clock clock, JwtProperties properties) {
    return jwt -> {
      Instant issuedAt = jwt.getIssuedAt();
      if (issuedAt == null
          || jwt.getExpiresAt() == null
          || issuedAt.isAfter(clock.instant().plus(properties.clockSkew()))
          || !isUuid(jwt.getSubject())
          || !isUuid(jwt.getClaimAsString("sid"))) {
        return failure("malformed claims");
      }
      return OAuth2TokenValidatorResult.success();
    };
  }

  private static boolean isUuid(String value) {
    if (value == null || value.length() != 36) {
      return false;
    }
    try {
      UUID.fromString(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static OAuth2TokenValidatorResult failure(String description) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
  }
}
