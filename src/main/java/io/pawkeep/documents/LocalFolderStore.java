package io.pawkeep.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The object store in a local folder ({@code <data-dir>/objects} by default): one file per object,
 * spread over 256 sub-folders by the first two characters of its key. A write goes to a temporary
 * file in the same folder, is flushed to disk and then moved into place atomically, so a reader
 * never sees half a file and a failed upload leaves nothing behind (FILE-2).
 */
final class LocalFolderStore implements ObjectStore {

  private static final String PARTIAL = ".partial";

  private final Path root;

  LocalFolderStore(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
  }

  @Override
  public void put(String key, InputStream content, long length) throws IOException {
    Path target = path(key);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException("an object is already stored under this key");
    }
    Path folder = Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(folder, target.getFileName().toString(), PARTIAL);
    try {
      long written;
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        written = content.transferTo(out);
        channel.force(true);
      }
      if (written != length) {
        throw new IOException("expected " + length + " bytes, got " + written);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public InputStream get(String key) throws IOException {
    return Files.newInputStream(path(key));
  }

  @Override
  public SeekableByteChannel channel(String key) throws IOException {
    return FileChannel.open(path(key), StandardOpenOption.READ);
  }

  @Override
  public boolean delete(String key) throws IOException {
    return Files.deleteIfExists(path(key));
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(path(key));
  }

  @Override
  public List<String> list(String folder) throws IOException {
    Path dir = root.resolve(ObjectStore.requireFolder(folder));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> folder + f.getFileName())
          .filter(key -> ObjectStore.NAMED.matcher(key).matches() && !key.endsWith(PARTIAL))
          .toList();
    }
  }

  // The key is checked twice: its shape (a UUID has no separator or dot), and the resolved path
  // staying inside the root, should the shape check ever be loosened.
  Path path(String key) {
    ObjectStore.requireKey(key);
    // A named object lives in its folder; a UUID in the sub-folder of its first two characters.
    Path path =
        key.contains("/")
            ? root.resolve(key).normalize()
            : root.resolve(key.substring(0, 2)).resolve(key).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("not an object key");
    }
    return path;
  }
}
