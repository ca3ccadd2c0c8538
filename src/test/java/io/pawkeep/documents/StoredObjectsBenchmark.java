package io.pawkeep.documents;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.PawkeepApplication;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.crypto.UnrestrictedFieldCipher;
import io.pawkeep.database.DatabaseProperties;
import io.pawkeep.documents.UploadCheckResult.Accepted;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A 5 MiB photo (already checked and stripped) encrypted with its tenant's key into the store, and
 * read back decrypted (FILE-2), through {@link StoredObjects} with the local folder store and with
 * an S3 store (Adobe S3Mock started in its own JVM, as the tests do). Pawkeep is started on a clean
 * embedded database under {@code target/bench-documents}; the file keys are sealed by a tenant's
 * data key read through the schema owner (one indexed row; the application reads the same row under
 * row-level security). Run with {@code bench/jmh.sh 'StoredObjectsBenchmark'}.
 */
// Public, like its methods, because JMH's generated code lives in another package.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class StoredObjectsBenchmark {

  @Param({"local", "s3"})
  public String store;

  private final UUID tenant = UUID.randomUUID();

  private ConfigurableApplicationContext app;
  private HikariDataSource owner;
  private S3StoreTestServer server;
  private S3Store s3;
  private StoredObjects objects;
  private byte[] photo;
  private StoredObject stored;
  private StoredObject written;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (!(new UploadCheck(UploadCheckProperties.defaults())
            .check(
                "image/jpeg",
                "IMG_0001.JPG",
                new ByteArrayInputStream(DocumentsBenchmarkPhoto.fiveMebibytePhoto()))
        instanceof Accepted accepted)) {
      throw new IllegalStateException("the benchmark photo is refused");
    }
    this.photo = accepted.content();
    Path data = Path.of("target/bench-documents");
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
    var cipher =
        new FileCipher(
            UnrestrictedFieldCipher.of(JdbcClient.create(owner), app.getBean(FieldCipher.class)));
    ObjectStore objectStore;
    if (store.equals("s3")) {
      this.server = S3StoreTestServer.start();
      this.s3 = server.store();
      objectStore = s3;
    } else {
      objectStore = app.getBean(ObjectStore.class);
    }
    this.objects = new StoredObjects(cipher, objectStore);
    this.stored = put();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (objects != null && stored != null) {
      objects.delete(stored);
    }
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
    if (owner != null) {
      owner.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Benchmark
  public StoredObject encryptAndStore() throws Exception {
    this.written = put();
    return this.written;
  }

  @TearDown(Level.Invocation)
  public void removeWritten() throws Exception {
    if (written != null) {
      objects.delete(written);
      written = null;
    }
  }

  @Benchmark
  public long readAndDecrypt() throws Exception {
    try (InputStream in = objects.open(stored)) {
      long read = in.transferTo(OutputStream.nullOutputStream());
      if (read != photo.length) {
        throw new IllegalStateException("read " + read + " bytes of " + photo.length);
      }
      return read;
    }
  }

  private StoredObject put() throws Exception {
    return objects.put(tenant, new ByteArrayInputStream(photo), photo.length);
  }
}
