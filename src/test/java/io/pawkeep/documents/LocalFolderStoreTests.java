package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local folder store (FILE-2): round trip, keys that cannot escape, atomic writes. */
class LocalFolderStoreTests {

  @TempDir Path data;

  @Test
  void aStoredObjectReadsBackByteForByteUntilItIsDeleted() throws IOException {
    LocalFolderStore store = new LocalFolderStore(data.resolve("objects"));
    byte[] bytes = random(300_000);
    String key = ObjectStore.newKey();

    store.put(key, new ByteArrayInputStream(bytes), bytes.length);

    assertThat(store.exists(key)).isTrue();
    try (InputStream in = store.get(key)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(store.path(key))
        .isEqualTo(data.resolve("objects").toRealPath().resolve(key.substring(0, 2)).resolve(key));
    assertThat(store.delete(key)).isTrue();
    assertThat(store.exists(key)).isFalse();
    assertThat(store.delete(key)).isFalse();
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void keysThatAreNotServerGeneratedUuidsAreRefusedBeforeTheDiskIsTouched() throws IOException {
    Path root = data.resolve("objects");
    LocalFolderStore store = new LocalFolderStore(root);
    String uuid = ObjectStore.newKey();
    List<String> hostile =
        Arrays.asList(
            null,
            "",
            "../outside",
            "../../etc/passwd",
            "/etc/passwd",
            "../" + uuid,
            uuid + "/../../outside",
            "..\\" + uuid,
            uuid.substring(0, 2) + "/" + uuid,
            uuid.toUpperCase(Locale.ROOT),
            uuid + "\0",
            uuid + "\n",
            " " + uuid,
            uuid.replace('-', '.'),
            "%2e%2e%2f" + uuid.substring(9));
    for (String key : hostile) {
      assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(new byte[] {1}), 1))
          .as("put %s", key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not an object key");
      assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.exists(key)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(files(data)).isEmpty();
  }

  @Test
  void anUploadThatFailsOrEndsEarlyLeavesNothingBehind() throws IOException {
    LocalFolderStore store = new LocalFolderStore(data.resolve("objects"));
    String broken = ObjectStore.newKey();
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(random(100_000)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset");
              }
            });
    assertThatThrownBy(() -> store.put(broken, failing, 200_000))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
    String short_ = ObjectStore.newKey();
    assertThatThrownBy(() -> store.put(short_, new ByteArrayInputStream(random(10)), 11))
        .isInstanceOf(IOException.class);

    assertThat(store.exists(broken)).isFalse();
    assertThat(store.exists(short_)).isFalse();
    assertThat(files(data)).isEmpty();
  }

  @Test
  void anObjectIsNeverOverwritten() throws IOException {
    LocalFolderStore store = new LocalFolderStore(data.resolve("objects"));
    String key = ObjectStore.newKey();
    store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);

    assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(new byte[] {9}), 1))
        .isInstanceOf(FileAlreadyExistsException.class);
    try (InputStream in = store.get(key)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
  }

  @Test
  void namedObjectsAreListedByTheirFolderOnlyAndRefuseKeysThatCouldClimbOut() throws Exception {
    NamedObjectsContract.namedObjectsAreListedByTheirFolderOnlyAndRefuseKeysThatCouldClimbOut(
        new LocalFolderStore(data.resolve("objects")));
  }
}
