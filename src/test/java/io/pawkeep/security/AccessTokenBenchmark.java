package io.pawkeep.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Cost of issuing one HS256 access token and of verifying one with the production decoder: in full,
 * as a token's first request pays, and again once this node remembers it verified ({@link
 * VerifiedAccessTokens}), as its later requests pay. Run with {@code bench/jmh.sh}.
 */
// Public, like its methods, because JMH's generated code lives in another package.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class AccessTokenBenchmark {

  private final UUID userId = UUID.randomUUID();
  private final UUID sessionId = UUID.randomUUID();

  private AccessTokens tokens;
  private VerifiedAccessTokens decoder;
  private JwtDecoder inFull;
  private String token;

  @Setup
  public void setUp() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Map<String, String> keys = Map.of("k1", Base64.getEncoder().encodeToString(secret));
    SigningKeyRing ring = new SigningKeyRing("k1", keys);
    JwtProperties properties =
        new JwtProperties(
            "pawkeep",
            "pawkeep-api",
            Duration.ofMinutes(15),
            Duration.ofSeconds(30),
            "k1",
            keys,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofDays(30));
    this.tokens = new AccessTokens(ring, properties, Clock.systemUTC());
    this.decoder = AccessTokenDecoder.create(ring, properties, Clock.systemUTC());
    this.inFull = this.decoder.inFull();
    // Valid for the default 15 minutes, far longer than one fork runs.
    this.token = this.tokens.issue(this.userId, this.sessionId, false).value();
  }

  @Benchmark
  public Jwt verify() {
    return this.inFull.decode(this.token);
  }

  @Benchmark
  public Jwt verifyRemembered() {
    return this.decoder.decode(this.token);
  }

  @Benchmark
  public String issue() {
    return this.tokens.issue(this.userId, this.sessionId, false).value();
  }
}
