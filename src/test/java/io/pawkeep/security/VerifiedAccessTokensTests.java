package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.pawkeep.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token verified once is answered again without full verification, but only while its key and its
 * claims still hold on every use: expiry, a key retired past its time, removed or replaced, and any
 * change to the token's text refuse at once, exactly as without the remembered success.
 */
class VerifiedAccessTokensTests {

  private final MutableClock clock = new MutableClock();
  private final byte[] k1 = randomKey();
  private final byte[] k2 = randomKey();
  private final AtomicReference<SigningKeyRing> ring =
      new AtomicReference<>(ring(new SigningKeyStore.Key("k1", k1, true, null)));
  private final JwtProperties properties = properties();
  private final VerifiedAccessTokens decoder = decoder(VerifiedAccessTokens.CAPACITY);

  @Test
  void aTokenVerifiedOnceIsAnsweredAgainFromWhatThisNodeRemembers() {
    String token = issue();
    assertThat(decoder.remembers(token)).isFalse();
    String subject = decoder.decode(token).getSubject();
    assertThat(decoder.remembers(token)).isTrue();
    assertThat(decoder.decode(token).getSubject()).isEqualTo(subject);
    assertThat(decoder.size()).isEqualTo(1);
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() {
    String token = issue();
    decoder.decode(token);
    clock.advance(Duration.ofMinutes(15).plusSeconds(31));
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    assertThat(decoder.remembers(token)).isFalse();
  }

  @Test
  void aRememberedTokenIsRefusedAtOnceWhenItsRetiredKeyRunsOutOfTime() {
    String token = issue();
    decoder.decode(token);
    Instant until = clock.instant().plus(Duration.ofMinutes(1));
    ring.set(
        ring(
            new SigningKeyStore.Key("k2", k2, true, null),
            new SigningKeyStore.Key("k1", k1, false, until)));
    assertThat(decoder.decode(token).getSubject()).as("retired, still in its time").isNotBlank();
    clock.set(until);
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
  }

  @Test
  void aRememberedTokenIsRefusedAtOnceWhenItsKeyIsGone() {
    String token = issue();
    decoder.decode(token);
    ring.set(ring(new SigningKeyStore.Key("k2", k2, true, null)));
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    assertThat(decoder.remembers(token)).isFalse();
  }

  @Test
  void aRememberedTokenIsRefusedWhenItsKeyIdNowNamesAnotherKey() {
    String token = issue();
    decoder.decode(token);
    ring.set(ring(new SigningKeyStore.Key("k1", k2, true, null)));
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
  }

  @Test
  void changedCopiesOfARememberedTokenAreRefused() throws Exception {
    String token = issue();
    decoder.decode(token);
    String[] parts = token.split("\\.");
    JWTClaimsSet claims = SignedTokens.claimsOf(token);
    String otherSubject =
        new JWTClaimsSet.Builder(claims).subject(UUID.randomUUID().toString()).build().toString();
    String payload =
        Base64.getUrlEncoder().withoutPadding().encodeToString(otherSubject.getBytes());
    char first = parts[2].charAt(0);
    String signature = (first == 'A' ? 'B' : 'A') + parts[2].substring(1);
    byte[] attackerKey = randomKey();
    for (String changed :
        List.of(
            parts[0] + "." + payload + "." + parts[2],
            parts[0] + "." + parts[1] + "." + signature,
            SignedTokens.sign(claims, "k1", attackerKey),
            token.substring(0, token.length() - 1))) {
      assertThatThrownBy(() -> decoder.decode(changed)).isInstanceOf(JwtException.class);
      assertThat(decoder.remembers(changed)).isFalse();
    }
    assertThat(decoder.decode(token).getSubject()).isEqualTo(claims.getSubject());
  }

  @Test
  void aRefusedTokenIsNeverRemembered() throws Exception {
    JWTClaimsSet claims = SignedTokens.claimsOf(issue());
    String audience =
        SignedTokens.sign(new JWTClaimsSet.Builder(claims).audience("other-api").build(), "k1", k1);
    assertThatThrownBy(() -> decoder.decode(audience)).isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(audience)).isInstanceOf(JwtException.class);
    assertThat(decoder.size()).isZero();
  }

  @Test
  void theAudienceMustNameThisApiWhateverItsShape() throws Exception {
    JWTClaimsSet claims = SignedTokens.claimsOf(issue());
    String ours = claims.getAudience().getFirst();
    String none =
        SignedTokens.sign(
            new JWTClaimsSet.Builder(claims).audience((String) null).build(), "k1", k1);
    String others =
        SignedTokens.sign(
            new JWTClaimsSet.Builder(claims).audience(List.of("other-api", "third-api")).build(),
            "k1",
            k1);
    String oursAmongOthers =
        SignedTokens.sign(
            new JWTClaimsSet.Builder(claims).audience(List.of("other-api", ours)).build(),
            "k1",
            k1);

    assertThatThrownBy(() -> decoder.decode(none)).isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(others)).isInstanceOf(JwtException.class);
    assertThat(decoder.decode(oursAmongOthers).getSubject()).isEqualTo(claims.getSubject());
  }

  @Test
  void whatThisNodeRemembersStaysWithinItsCapacity() {
    VerifiedAccessTokens small = decoder(3);
    for (int i = 0; i < 10; i++) {
      String token = issue();
      assertThat(small.decode(token).getSubject()).isNotBlank();
      assertThat(small.size()).isBetween(1, 3);
    }
  }

  @Test
  void expiredTokensAreTheFirstToGoWhenItIsFull() {
    VerifiedAccessTokens small = decoder(2);
    small.decode(issue());
    clock.advance(Duration.ofMinutes(10));
    String recent = issue();
    small.decode(recent);
    clock.advance(Duration.ofMinutes(6));
    String newest = issue();
    small.decode(newest);
    assertThat(small.remembers(recent)).isTrue();
    assertThat(small.remembers(newest)).isTrue();
  }

  private VerifiedAccessTokens decoder(int capacity) {
    return AccessTokenDecoder.create(id -> keyOf(id), properties, clock, capacity);
  }

  private Optional<byte[]> keyOf(String id) {
    return ring.get().verificationKey(id, clock.instant());
  }

  private String issue() {
    return new AccessTokens(ring.get(), properties, clock)
        .issue(UUID.randomUUID(), UUID.randomUUID(), false)
        .value();
  }

  private static SigningKeyRing ring(SigningKeyStore.Key... keys) {
    return SigningKeyRing.of(List.of(keys));
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static JwtProperties properties() {
    return new JwtProperties(
        "pawkeep",
        "pawkeep-api",
        Duration.ofMinutes(15),
        Duration.ofSeconds(30),
        "k1",
        Map.of(),
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofDays(30));
  }
}
