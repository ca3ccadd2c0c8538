package io.pawkeep.accounts;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one Argon2id hash and one verification with the production parameters (OWASP: m=19 MiB,
 * t=2, p=1). Login and registration pay this per request, so it bounds their throughput. Run with
 * {@code bench/jmh.sh}.
 */
// Public, like its methods, because JMH's generated code lives in another package.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PasswordHashingBenchmark {

  private static final String PASSWORD = "gravy wobble stadium clover";

  private PasswordHashing hashing;
  private String stored;

  @Setup
  public void setUp() {
    // The no-argument constructor is the one AccountsConfiguration uses in production.
    this.hashing = new PasswordHashing();
    this.stored = this.hashing.hash(PASSWORD);
  }

  @Benchmark
  public String hash() {
    return this.hashing.hash(PASSWORD);
  }

  @Benchmark
  public boolean matches() {
    return this.hashing.matches(PASSWORD, this.stored);
  }
}
