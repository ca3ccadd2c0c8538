package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both stores hand out a channel that seeks (FILE-3), so a range of a stored file is read where it
 * lies: a file channel in the local folder, ranged GETs against a real S3-compatible server (S3Mock
 * in its own JVM, as the other S3 tests).
 */
class ObjectStoreChannelTests {

  private static final byte[] BYTES = LocalFolderStoreTests.random(3 * 1024 * 1024 + 123);

  @RegisterExtension static final S3TestBucket s3 = new S3TestBucket();

  @TempDir Path data;

  @Test
  void theLocalFolderStoreReadsAnyRangeOfAnObjectWhereItLies() throws Exception {
    readsRangesWhereTheyLie(new LocalFolderStore(data.resolve("objects")));
  }

  @Test
  void theS3StoreReadsAnyRangeOfAnObjectWhereItLies() throws Exception {
    readsRangesWhereTheyLie(s3.store());
  }

  @Test
  void theS3ChannelAsksOnlyForTheRangesItReads() throws Exception {
    List<long[]> asked = new ArrayList<>();
    S3ObjectChannel channel =
        new S3ObjectChannel(
            BYTES.length,
            (from, to) -> {
              asked.add(new long[] {from, to});
              return Arrays.copyOfRange(BYTES, (int) from, (int) to + 1);
            });
    int middle = 2 * 1024 * 1024 + 7;

    channel.position(middle);
    ByteBuffer small = ByteBuffer.allocate(40);
    assertThat(channel.read(small)).isEqualTo(40);
    assertThat(small.array()).isEqualTo(Arrays.copyOfRange(BYTES, middle, middle + 40));
    // The next small reads come from what was read ahead: no new request.
    small.clear();
    channel.read(small);
    assertThat(asked).hasSize(1);
    assertThat(asked.getFirst())
        .containsExactly(middle, middle + S3ObjectChannel.MIN_READ_AHEAD - 1L);
    // A reader's large buffer is filled by one request of its size, capped at the object's end.
    channel.position(BYTES.length - 100);
    ByteBuffer large = ByteBuffer.allocate(1024 * 1024);
    assertThat(channel.read(large)).isEqualTo(100);
    assertThat(asked.getLast()).containsExactly(BYTES.length - 100L, BYTES.length - 1L);
    assertThat(channel.read(large)).isEqualTo(-1);
    assertThat(asked).hasSize(2);
  }

  @Test
  void aMissingObjectHasNoChannelAndABadKeyIsRefusedBeforeAnyRequest() throws Exception {
    LocalFolderStore local = new LocalFolderStore(data.resolve("objects"));
    for (ObjectStore store : new ObjectStore[] {local, s3.store()}) {
      assertThatThrownBy(() -> store.channel(ObjectStore.newKey()))
          .isInstanceOf(NoSuchFileException.class);
      for (String key : new String[] {"../" + ObjectStore.newKey(), "", "a", null}) {
        assertThatThrownBy(() -> store.channel(key))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("not an object key");
      }
    }
  }

  private static void readsRangesWhereTheyLie(ObjectStore store) throws IOException {
    String key = ObjectStore.newKey();
    store.put(key, new ByteArrayInputStream(BYTES), BYTES.length);
    try (SeekableByteChannel channel = store.channel(key)) {
      assertThat(channel.size()).isEqualTo(BYTES.length);
      for (int from : new int[] {2 * 1024 * 1024 + 5, 17, 0, BYTES.length - 10}) {
        channel.position(from);
        ByteBuffer range = ByteBuffer.allocate(10);
        while (range.hasRemaining() && channel.read(range) >= 0) {
          // until the range is full
        }
        assertThat(range.array()).isEqualTo(Arrays.copyOfRange(BYTES, from, from + 10));
      }
      assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      channel.position(BYTES.length + 5L);
      assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      assertThatThrownBy(() -> channel.write(ByteBuffer.allocate(1)))
          .isInstanceOf(NonWritableChannelException.class);
    } finally {
      store.delete(key);
    }
  }
}
