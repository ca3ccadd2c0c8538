package io.pawkeep.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies access tokens: HS256 only (so {@code none} and every other algorithm fail), a known key
 * id, type {@code at+jwt}, issuer, audience, expiry and not-before on the injected clock, and
 * well-formed subject and session ids.
 */
final class AccessTokenDecoder {

  private AccessTokenDecoder() {}

  static JwtDecoder create(SigningKeyRing keys, JwtProperties properties, Clock clock) {
    List<com.nimbusds.jose.jwk.JWK> jwks = new ArrayList<>();
    keys.all()
        .forEach(
            (id, secret) ->
                jwks.add(
                    new OctetSequenceKey.Builder(secret)
                        .keyID(id)
                        .algorithm(JWSAlgorithm.HS256)
                        .build()));
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokens.TYPE));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.HS256, new ImmutableJWKSet<>(new JWKSet(jwks))) {
          @Override
          protected com.nimbusds.jose.jwk.JWKMatcher createJWKMatcher(
              com.nimbusds.jose.JWSHeader header) {
            // A token without a key id must not be tried against every key.
            return header.getKeyID() == null ? null : super.createJWKMatcher(header);
          }
        });
    // Time claims are checked below against the application clock.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});

    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setClock(clock);
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            timestamps,
            new JwtIssuerValidator(properties.issuer()),
            audience(properties.audience()),
            wellFormed(clock, properties)));
    return decoder;
  }

  private static OAuth2TokenValidator<Jwt> audience(String audience) {
    return jwt ->
        jwt.getAudience() != null && jwt.getAudience().contains(audience)
            ? OAuth2TokenValidatorResult.success()
            : failure("wrong audience");
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
