package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The S3 store (FILE-2) against a real S3-compatible server: Adobe S3Mock's standalone server,
 * started here in its own JVM (the running JVM's {@code java}) on a free port, its files in a
 * temporary folder; path-style addressing and an endpoint override, as with any service other than
 * AWS.
 */
class S3StoreTests {

  @RegisterExtension static final S3TestBucket bucket = new S3TestBucket();

  @Test
  void fiveMebibytesStreamIntoTheBucketAndBackUntilDeleted() throws Exception {
    long size = 5L * 1024 * 1024;
    String key = ObjectStore.newKey();
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    long start = System.nanoTime();
    bucket.store().put(key, new DigestInputStream(FileCipherTests.generated(size), written), size);
    long stored = System.nanoTime();

    assertThat(bucket.store().exists(key)).isTrue();
    MessageDigest read = MessageDigest.getInstance("SHA-256");
    long count;
    try (InputStream in = new DigestInputStream(bucket.store().get(key), read)) {
      count = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    long done = System.nanoTime();
    assertThat(count).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(read.digest()))
        .isEqualTo(HexFormat.of().formatHex(written.digest()));

    assertThat(bucket.store().delete(key)).isTrue();
    assertThat(bucket.store().exists(key)).isFalse();
    assertThat(bucket.store().delete(key)).isFalse();
    assertThatThrownBy(() -> bucket.store().get(key)).isInstanceOf(NoSuchFileException.class);
    System.out.printf(
        "5 MiB S3: store %d ms, read %d ms%n",
        (stored - start) / 1_000_000, (done - stored) / 1_000_000);
  }

  @Test
  void keysThatAreNotServerGeneratedUuidsAreRefusedBeforeAnyRequest() {
    String uuid = ObjectStore.newKey();
    List<String> hostile =
        Arrays.asList(
            null,
            "",
            "../" + uuid,
            uuid + "/../other",
            "/" + uuid,
            uuid.toUpperCase(Locale.ROOT),
            uuid + "?versionId=1",
            uuid.substring(0, 8));
    for (String key : hostile) {
      assertThatThrownBy(() -> bucket.store().put(key, new ByteArrayInputStream(new byte[] {1}), 1))
          .as("put %s", key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> bucket.store().get(key))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> bucket.store().delete(key))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> bucket.store().exists(key))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anUploadWhoseStreamFailsLeavesNothingInTheBucket() throws IOException {
    String key = ObjectStore.newKey();
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(LocalFolderStoreTests.random(300_000)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset");
              }
            });

    assertThatThrownBy(() -> bucket.store().put(key, failing, 600_000))
        .isInstanceOf(IOException.class);
    assertThat(bucket.store().exists(key)).isFalse();
  }

  @Test
  void namedObjectsAreListedByTheirFolderOnlyAndRefuseKeysThatCouldClimbOut() throws Exception {
    NamedObjectsContract.namedObjectsAreListedByTheirFolderOnlyAndRefuseKeysThatCouldClimbOut(
        bucket.store());
  }
}
