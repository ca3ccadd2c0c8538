package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.TestFolders;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;

class AccessTokenTests extends ApiTestSupport {

  @Test
  void unsignedAlgNoneTokenIsRejected() {
    User user = signedInUser("none");
    JWTClaimsSet claims = SignedTokens.claimsOf(user.accessToken());
    String none =
        new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims)
            .serialize();
    assertThat(api.get("/api/v1/me", none).status()).isEqualTo(401);
  }

  @Test
  void unknownKeyIdIsRejected() throws Exception {
    User user = signedInUser("kid");
    String token =
        SignedTokens.sign(SignedTokens.claimsOf(user.accessToken()), "unknown-kid", devKey());
    assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
  }

  @Test
  void tokenSignedWithAnotherKeyUnderAKnownKidIsRejected() throws Exception {
    User user = signedInUser("forged");
    byte[] attackerKey = new byte[32];
    new SecureRandom().nextBytes(attackerKey);
    assertThat(
            api.get(
                    "/api/v1/me",
                    SignedTokens.sign(
                        SignedTokens.claimsOf(user.accessToken()), "dev", attackerKey))
                .status())
        .isEqualTo(401);
  }

  @Test
  void tamperedTokenIsRejected() {
    User user = signedInUser("tamper");
    String[] parts = user.accessToken().split("\\.");
    JWTClaimsSet claims = SignedTokens.claimsOf(user.accessToken());
    String otherSubject =
        new JWTClaimsSet.Builder(claims).subject(UUID.randomUUID().toString()).build().toString();
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(otherSubject.getBytes())
            + "."
            + parts[2];
    assertThat(api.get("/api/v1/me", tampered).status()).isEqualTo(401);
  }

  @Test
  void expiredTokenIsRejected() {
    User user = signedInUser("expired");
    assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(16));
    assertThat(api.get("/api/v1/me", user.accessToken()).status()).isEqualTo(401);
  }

  @Test
  void wrongAudienceIssuerOrTypeIsRejected() throws Exception {
    User user = signedInUser("audience");
    JWTClaimsSet claims = SignedTokens.claimsOf(user.accessToken());
    byte[] key = devKey();
    String audience =
        SignedTokens.sign(
            new JWTClaimsSet.Builder(claims).audience("other-api").build(), "dev", key);
    String issuer =
        SignedTokens.sign(new JWTClaimsSet.Builder(claims).issuer("evil").build(), "dev", key);
    SignedJWT untyped =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("dev").build(), claims);
    untyped.sign(new MACSigner(key));
    String type = untyped.serialize();
    assertThat(api.get("/api/v1/me", SignedTokens.sign(claims, "dev", key)).status())
        .isEqualTo(200);
    assertThat(api.get("/api/v1/me", audience).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", issuer).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", type).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", "not-a-jwt").status()).isEqualTo(401);
  }

  @Test
  void rotatedSigningKeyKeepsOldTokensValidUntilTheyExpire() {
    String k1 = randomKey();
    String k2 = randomKey();
    JwtProperties before = jwt("k1", Map.of("k1", k1));
    JwtProperties after = jwt("k2", Map.of("k1", k1, "k2", k2));
    SigningKeyRing oldRing = new SigningKeyRing("k1", before.keys());
    SigningKeyRing newRing = new SigningKeyRing("k2", after.keys());
    String oldToken =
        new AccessTokens(oldRing, before, clock)
            .issue(UUID.randomUUID(), UUID.randomUUID(), false)
            .value();

    var decoder = AccessTokenDecoder.create(newRing, after, clock);
    assertThat(decoder.decode(oldToken).getSubject()).isNotBlank();
    String newToken =
        new AccessTokens(newRing, after, clock)
            .issue(UUID.randomUUID(), UUID.randomUUID(), false)
            .value();
    assertThat(decoder.decode(newToken).getHeaders()).containsEntry("kid", "k2");

    // Once the old key is retired, its tokens are refused.
    SigningKeyRing retired = new SigningKeyRing("k2", Map.of("k2", k2));
    assertThatThrownBy(() -> AccessTokenDecoder.create(retired, after, clock).decode(oldToken))
        .isInstanceOf(JwtException.class);
  }

  @Test
  void signingKeysShorterThan256BitsAreRefused() {
    assertThatThrownBy(
            () ->
                new SigningKeyRing(
                    "short", Map.of("short", Base64.getEncoder().encodeToString(new byte[16]))))
        .isInstanceOf(IllegalStateException.class);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static byte[] devKey() throws Exception {
    return Base64.getDecoder()
        .decode(Files.readString(TestFolders.data().resolve("keys/jwt-dev.key")).trim());
  }

  /** The settings with the defaults Spring binds when only the keys are configured. */
  private static JwtProperties jwt(String activeKeyId, Map<String, String> keys) {
    return new JwtProperties(
        "pawkeep",
        "pawkeep-api",
        Duration.ofMinutes(15),
        Duration.ofSeconds(30),
        activeKeyId,
        keys,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofDays(30));
  }
}
