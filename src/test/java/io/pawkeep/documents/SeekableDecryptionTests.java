package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A range of a stored file is decrypted by seeking (FILE-3): only the 1 MiB segments it touches are
 * read and decrypted, in either store, and a changed segment is refused wherever the read starts.
 */
class SeekableDecryptionTests extends StoredFileTestSupport {

  private static final int MIB = 1024 * 1024;
  private static final byte[] FILE = LocalFolderStoreTests.random(3 * MIB + MIB / 2);

  @RegisterExtension static final S3TestBucket s3 = new S3TestBucket();

  @Autowired FileCipher cipher;
  @Autowired ObjectStore local;

  @Test
  void aRangeIsDecryptedFromTheSegmentsItTouchesNotFromTheStartInEitherStore() throws Exception {
    Household home = household("files-seek");
    for (ObjectStore store : new ObjectStore[] {local, s3.store()}) {
      CountingStore counting = new CountingStore(store);
      StoredObjects objects = new StoredObjects(cipher, counting);
      StoredObject stored =
          as(home, () -> objects.put(home.id(), new ByteArrayInputStream(FILE), FILE.length));
      try {
        int from = 2 * MIB + MIB / 2;
        counting.read.set(0);
        assertThat(as(home, () -> range(objects, stored, from, 1000)))
            .as("%s", store.getClass().getSimpleName())
            .isEqualTo(Arrays.copyOfRange(FILE, from, from + 1000));
        // The stream header and one segment, not the 2.5 MiB before the range.
        assertThat(counting.read.get()).isLessThan(MIB + 4096L);

        int tail = FILE.length - 10;
        assertThat(as(home, () -> range(objects, stored, tail, 10)))
            .isEqualTo(Arrays.copyOfRange(FILE, tail, FILE.length));
        assertThat(as(home, () -> range(objects, stored, 0, 100)))
            .isEqualTo(Arrays.copyOf(FILE, 100));
        assertThat(as(home, () -> range(objects, stored, MIB - 200, 400)))
            .as("a range across two segments")
            .isEqualTo(Arrays.copyOfRange(FILE, MIB - 200, MIB + 200));
      } finally {
        objects.delete(stored);
      }
    }
  }

  @Test
  void aChangedSegmentIsRefusedWhereverTheRangeStartsInEitherStore() throws Exception {
    Household home = household("files-seek-tamper");
    for (ObjectStore store : new ObjectStore[] {local, s3.store()}) {
      StoredObjects objects = new StoredObjects(cipher, store);
      StoredObject stored =
          as(home, () -> objects.put(home.id(), new ByteArrayInputStream(FILE), FILE.length));
      try {
        byte[] ciphertext;
        try (InputStream in = store.get(stored.key())) {
          ciphertext = in.readAllBytes();
        }
        // One bit in the third segment (ciphertext segments are 1 MiB).
        ciphertext[2 * MIB + 300] ^= 0x01;
        replace(store, stored, ciphertext);

        // The untouched first segment still reads; anything in the third is refused.
        assertThat(as(home, () -> range(objects, stored, 10, 100)))
            .isEqualTo(Arrays.copyOfRange(FILE, 10, 110));
        for (int from : new int[] {2 * MIB + 1000, 2 * MIB - 50, 0}) {
          int length = from == 0 ? FILE.length : 200;
          assertThatThrownBy(() -> as(home, () -> range(objects, stored, from, length)))
              .as("%s from %d", store.getClass().getSimpleName(), from)
              .hasCauseInstanceOf(IOException.class);
        }
      } finally {
        objects.delete(stored);
      }
    }
  }

  // --- helpers

  private static byte[] range(StoredObjects objects, StoredObject object, long from, int length)
      throws Exception {
    try (SeekableByteChannel channel = objects.openChannel(object)) {
      assertThat(channel.size()).isEqualTo(object.size());
      channel.position(from);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          break;
        }
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    }
  }

  private static void replace(ObjectStore store, StoredObject object, byte[] ciphertext)
      throws IOException {
    if (store instanceof LocalFolderStore folder) {
      Files.write(folder.path(object.key()), ciphertext);
    } else {
      // S3 replaces an object put under an existing key.
      store.put(object.key(), new ByteArrayInputStream(ciphertext), ciphertext.length);
    }
  }

  /** The store, counting the bytes its channels hand out. */
  private record CountingStore(ObjectStore store, AtomicLong read) implements ObjectStore {

    CountingStore(ObjectStore store) {
      this(store, new AtomicLong());
    }

    @Override
    public void put(String key, InputStream content, long length) throws IOException {
      store.put(key, content, length);
    }

    @Override
    public InputStream get(String key) throws IOException {
      return store.get(key);
    }

    @Override
    public java.util.List<String> list(String folder) throws IOException {
      return store.list(folder);
    }

    @Override
    public SeekableByteChannel channel(String key) throws IOException {
      SeekableByteChannel channel = store.channel(key);
      return new SeekableByteChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          int count = channel.read(dst);
          if (count > 0) {
            read.addAndGet(count);
          }
          return count;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
          return channel.write(src);
        }

        @Override
        public long position() throws IOException {
          return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
          channel.position(newPosition);
          return this;
        }

        @Override
        public long size() throws IOException {
          return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
          channel.truncate(size);
          return this;
        }

        @Override
        public boolean isOpen() {
          return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    }

    @Override
    public boolean delete(String key) throws IOException {
      return store.delete(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
      return store.exists(key);
    }
  }
}
