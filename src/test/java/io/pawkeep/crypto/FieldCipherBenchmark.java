package io.pawkeep.crypto;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.PawkeepApplication;
import io.pawkeep.database.DatabaseProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One sensitive field encrypted and decrypted through {@link FieldCipher} (CRYPTO-1..3), keyset
 * read from {@code tenant_data_keys} each time (one indexed row, through the schema owner; the
 * application reads the same row under row-level security). Pawkeep is started on a clean embedded
 * database under {@code target/bench-crypto}. Run with {@code bench/jmh.sh 'FieldCipherBenchmark'}.
 */
// Public, like its methods, because JMH's generated code lives in another package.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FieldCipherBenchmark {

  private static final byte[] ALARM =
      "alarm 4711, key under the blue pot".getBytes(StandardCharsets.UTF_8);

  private final UUID tenant = UUID.randomUUID();
  private final UUID row = UUID.randomUUID();

  private ConfigurableApplicationContext app;
  private HikariDataSource owner;
  private FieldCipher cipher;
  private byte[] sealed;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path data = Path.of("target/bench-crypto");
    this.app =
        SpringApplication.run(
            PawkeepApplication.class,
            "--pawkeep.data-dir=" + data,
            "--pawkeep.database.clean-embedded=true",
            "--server.port=0",
            "--logging.level.root=WARN");
    DatabaseProperties database = app.getBean(DatabaseProperties.class);
    this.owner = new HikariDataSource();
    owner.setJdbcUrl(app.getBean(HikariDataSource.class).getJdbcUrl());
    owner.setUsername(database.ownerUsername());
    owner.setPassword(
        database.embedded()
            ? Files.readString(data.resolve("keys/database-owner-dev.password")).trim()
            : database.ownerPassword());
    owner.setMaximumPoolSize(2);
    this.cipher =
        UnrestrictedFieldCipher.of(JdbcClient.create(owner), app.getBean(FieldCipher.class));
    this.sealed = cipher.encrypt(tenant, "access_secrets", "alarmCode", row, ALARM);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (owner != null) {
      owner.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Benchmark
  public byte[] encrypt() {
    return cipher.encrypt(tenant, "access_secrets", "alarmCode", row, ALARM);
  }

  @Benchmark
  public byte[] decrypt() throws Exception {
    return cipher.decrypt(tenant, "access_secrets", "alarmCode", row, sealed);
  }
}
