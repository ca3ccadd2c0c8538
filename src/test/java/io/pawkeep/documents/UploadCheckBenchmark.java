package io.pawkeep.documents;

import io.pawkeep.documents.UploadCheckResult.Accepted;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an upload of a 5 MiB phone photo costs before storage (FILE-1): the content sniffed, the
 * header read, the metadata stripped ({@link UploadCheck}); and its thumbnail made from the
 * stripped bytes ({@link Thumbnails}). Run with {@code bench/jmh.sh 'UploadCheckBenchmark'}.
 */
// Public, like its methods, because JMH's generated code lives in another package.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class UploadCheckBenchmark {

  private UploadCheck check;
  private byte[] photo;
  private byte[] stripped;

  @Setup
  public void setUp() throws Exception {
    this.check = new UploadCheck(UploadCheckProperties.defaults());
    this.photo = DocumentsBenchmarkPhoto.fiveMebibytePhoto();
    if (!(check() instanceof Accepted accepted)) {
      throw new IllegalStateException("the benchmark photo is refused");
    }
    this.stripped = accepted.content();
  }

  @Benchmark
  public UploadCheckResult check() throws IOException {
    return this.check.check("image/jpeg", "IMG_0001.JPG", new ByteArrayInputStream(this.photo));
  }

  @Benchmark
  public Optional<byte[]> thumbnail() {
    return Thumbnails.of("image/jpeg", this.stripped);
  }
}
