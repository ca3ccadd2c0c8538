package io.pawkeep.security;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The access tokens this node verified lately, by their exact text, so that a client's next
 * requests with the same token skip parsing its JSON, checking its MAC and converting its claims
 * again (about a tenth of a simple API request's CPU, docs/performance.md). A remembered token is
 * accepted only while everything that can change since still holds, checked on every request as on
 * the first: its key id still names the very key that verified it now (a key retired past its time,
 * deleted, or gone after a reload on this node refuses at once, as without this), and the time,
 * issuer, audience and claim checks pass on the clock now. Anything else goes through full
 * verification again, which answers as it always did. Only tokens that passed full verification are
 * kept, at most {@link #capacity} of them; the text is compared in constant time.
 */
final class VerifiedAccessTokens implements JwtDecoder {

  /** About 2 KB each: a few MB at most. */
  static final int CAPACITY = 4096;

  // The key full verification used, handed over by the key selector on the same thread.
  private static final ThreadLocal<byte[]> VERIFYING_KEY = new ThreadLocal<>();

  private record Verified(Jwt jwt, String keyId, byte[] key) {}

  private final JwtDecoder verifier;
  private final Function<String, Optional<byte[]>> keys;
  private final OAuth2TokenValidator<Jwt> checks;
  private final Clock clock;
  private final int capacity;
  private final ConcurrentHashMap<TokenText, Verified> verified = new ConcurrentHashMap<>();

  /**
   * {@code verifier} verifies in full with keys from {@code keys}, through {@link #keySelected}
   * (which is how this learns the key that verified); {@code checks} are its claim checks.
   */
  VerifiedAccessTokens(
      JwtDecoder verifier,
      Function<String, Optional<byte[]>> keys,
      OAuth2TokenValidator<Jwt> checks,
      Clock clock,
      int capacity) {
    this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
    this.keys = Objects.requireNonNull(keys, "keys cannot be null");
    this.checks = Objects.requireNonNull(checks, "checks cannot be null");
    this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Called by the key selector of full verification with the one key it hands out. */
  static void keySelected(byte[] key) {
    VERIFYING_KEY.set(key);
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    if (token == null) {
      return verifier.decode(null);
    }
    TokenText text = new TokenText(token);
    Verified remembered = verified.get(text);
    if (remembered != null) {
      if (stillHolds(remembered)) {
        return remembered.jwt();
      }
      verified.remove(text, remembered);
    }
    VERIFYING_KEY.remove();
    try {
      Jwt jwt = verifier.decode(token);
      byte[] key = VERIFYING_KEY.get();
      Object keyId = jwt.getHeaders().get("kid");
      if (key != null && keyId instanceof String id) {
        remember(text, new Verified(jwt, id, key));
      }
      return jwt;
    } finally {
      VERIFYING_KEY.remove();
    }
  }

  /** Full verification alone, remembering nothing (to measure what a first request pays). */
  JwtDecoder inFull() {
    return verifier;
  }

  /** How many tokens are remembered now. */
  int size() {
    return verified.size();
  }

  /** Whether {@code token} is remembered now (it may still be refused on its next use). */
  boolean remembers(String token) {
    return verified.containsKey(new TokenText(token));
  }

  private boolean stillHolds(Verified remembered) {
    Optional<byte[]> key = keys.apply(remembered.keyId());
    return key.isPresent()
        && MessageDigest.isEqual(key.get(), remembered.key())
        && !checks.validate(remembered.jwt()).hasErrors();
  }

  // Bounded: when full, the expired go first, and everything if that is not enough.
  private void remember(TokenText text, Verified entry) {
    if (verified.size() >= capacity) {
      Instant now = clock.instant();
      verified.values().removeIf(v -> !now.isBefore(v.jwt().getExpiresAt()));
      if (verified.size() >= capacity) {
        verified.clear();
      }
    }
    verified.put(text, entry);
  }

  /** A token's exact text, compared in constant time for its length. */
  private record TokenText(String value) {

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof TokenText that) || that.value.length() != value.length()) {
        return false;
      }
      int difference = 0;
      for (int i = 0; i < value.length(); i++) {
        difference |= value.charAt(i) ^ that.value.charAt(i);
      }
      return difference == 0;
    }

    @Override
    public int hashCode() {
      return value.hashCode();
    }

    @Override
    public String toString() {
      return "TokenText[" + value.length() + " chars]";
    }
  }
}
