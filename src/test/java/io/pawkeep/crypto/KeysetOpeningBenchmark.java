package io.pawkeep.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What opening a tenant's stored keyset costs per field, without the database read (CRYPTO-2,
 * CRYPTO-3): {@code masterKeyOnly} is what every encryption and decryption did before shred keys
 * (unwrap under the master key); {@code sealedCached} what it does now while the shred key and the
 * opened keyset are cached; {@code sealedUncached} the first use per tenant and cache lifetime
 * (shred key file read, unseal, unwrap). Run with {@code bench/jmh.sh 'KeysetOpeningBenchmark'}.
 */
// Public, like its methods, because JMH's generated code lives in another package.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class KeysetOpeningBenchmark {

  private final UUID tenant = UUID.randomUUID();
  private MasterKeyCipher master;
  private SealedKeysets cached;
  private SealedKeysets uncached;
  private byte[] wrapped;
  private byte[] sealed;

  @Setup
  public void setUp() throws Exception {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    this.master = new MasterKeyCipher(Base64.getEncoder().encodeToString(key), List.of());
    Path folder = Files.createTempDirectory("keyset-opening");
    TenantKeyStore warm = store(folder, Duration.ofMinutes(5));
    this.cached = new SealedKeysets(master, warm, Clock.systemUTC(), Duration.ofMinutes(5));
    this.uncached =
        new SealedKeysets(master, store(folder, Duration.ZERO), Clock.systemUTC(), Duration.ZERO);
    KeysetHandle keyset = DataKeysets.generate();
    this.wrapped = DataKeysets.wrap(master, tenant, keyset);
    this.sealed = cached.seal(tenant, keyset);
  }

  @Benchmark
  public KeysetHandle masterKeyOnly() {
    return DataKeysets.unwrap(master, tenant, wrapped);
  }

  @Benchmark
  public KeysetHandle sealedCached() throws Exception {
    return cached.open(tenant, sealed, true);
  }

  @Benchmark
  public KeysetHandle sealedUncached() throws Exception {
    return uncached.open(tenant, sealed, true);
  }

  private static TenantKeyStore store(Path folder, Duration cacheTtl) {
    return new TenantKeyStore(
        new LocalKeyFolder(folder.resolve("live")),
        new LocalKeyFolder(folder.resolve("recovery")),
        Clock.systemUTC(),
        Duration.ofDays(7),
        cacheTtl);
  }
}
