package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.StoredCiphertext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Encrypted files in both stores (FILE-2): what lands in the S3 bucket is the tenant-key
 * ciphertext, and a 5 MiB photo streams through encryption into each store and back (the time it
 * takes is printed, for docs/performance.md).
 */
class StoredObjectsTests extends StoredFileTestSupport {

  private static final long FIVE_MIB = 5L * 1024 * 1024;

  @RegisterExtension static final S3TestBucket s3 = new S3TestBucket();

  @Autowired FileCipher cipher;
  @Autowired ObjectStore local;

  @Test
  void whatAnS3BucketHoldsIsTheHouseholdsCiphertextAndReadsBackForIt() throws Exception {
    Household home = household("s3-files");
    UUID owner = home.owner();
    UUID household = home.id();
    StoredObjects objects = new StoredObjects(cipher, s3.store());
    byte[] photo = LocalFolderStoreTests.random(300_000);

    StoredObject stored =
        as(owner, () -> objects.put(household, new ByteArrayInputStream(photo), photo.length));

    byte[] raw;
    try (InputStream in = s3.store().get(stored.key())) {
      raw = in.readAllBytes();
    }
    assertThat(StoredCiphertext.contains(raw, Arrays.copyOf(photo, 64))).isFalse();
    assertThat(as(owner, () -> read(objects, stored))).isEqualTo(photo);
    assertThat(objects.delete(stored)).isTrue();
    assertThat(s3.store().exists(stored.key())).isFalse();
  }

  @Test
  void aFiveMebibytePhotoStreamsThroughEncryptionIntoEitherStoreAndBack() throws Exception {
    Household home = household("files-throughput");
    UUID owner = home.owner();
    UUID household = home.id();
    for (ObjectStore store : new ObjectStore[] {local, s3.store()}) {
      StoredObjects objects = new StoredObjects(cipher, store);
      long[] up = new long[8];
      long[] down = new long[8];
      for (int run = 0; run < up.length; run++) {
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        long start = System.nanoTime();
        StoredObject photo =
            as(
                owner,
                () ->
                    objects.put(
                        household,
                        new DigestInputStream(FileCipherTests.generated(FIVE_MIB), written),
                        FIVE_MIB));
        long stored = System.nanoTime();
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long count =
            as(
                owner,
                () -> {
                  try (InputStream in = new DigestInputStream(objects.open(photo), read)) {
                    return in.transferTo(OutputStream.nullOutputStream());
                  }
                });
        long done = System.nanoTime();
        assertThat(count).isEqualTo(FIVE_MIB);
        assertThat(read.digest()).isEqualTo(written.digest());
        objects.delete(photo);
        up[run] = stored - start;
        down[run] = done - stored;
      }
      // The first three runs warm the JIT up; the median of the other five is reported.
      System.out.printf(
          "5 MiB photo, %s: encrypt+store median %d ms, read+decrypt median %d ms%n",
          store.getClass().getSimpleName(), median(up) / 1_000_000, median(down) / 1_000_000);
    }
  }

  private static long median(long[] runs) {
    long[] measured = Arrays.copyOfRange(runs, 3, runs.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }

  private static byte[] read(StoredObjects objects, StoredObject object) throws Exception {
    try (InputStream in = objects.open(object)) {
      return in.readAllBytes();
    }
  }
}
