package io.pawkeep.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A key folder on the local disk: folders {@code rwx------}, files {@code rw-------}, every file
 * written to a temporary file, flushed to disk, then moved into place in one step (or linked, when
 * it must not replace), and the folder flushed, so a crash leaves the old file or the new one
 * whole.
 */
final class LocalKeyFolder implements KeyFolder {

  private static final Pattern NAME = Pattern.compile("[a-z]+/[A-Za-z0-9._@-]+");
  private static final Pattern AREA = Pattern.compile("[a-z]+");

  private final Path root;

  LocalKeyFolder(Path root) {
    this.root = root.toAbsolutePath().normalize();
    ownerOnlyFolder(this.root);
  }

  Path root() {
    return root;
  }

  @Override
  public Optional<byte[]> read(String name) {
    try {
      return Optional.of(Files.readAllBytes(file(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("a key store file could not be read", e);
    }
  }

  @Override
  public boolean createIfAbsent(String name, byte[] content) {
    Path target = file(name);
    Path temp = durableTemp(target, content);
    try {
      // A hard link never replaces: two writers racing for one name keep the first file.
      Files.createLink(target, temp);
      syncFolder(target.getParent());
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("a key store file could not be created", e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public void write(String name, byte[] content) {
    Path target = file(name);
    Path temp = durableTemp(target, content);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      syncFolder(target.getParent());
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("a key store file could not be written", e);
    }
  }

  @Override
  public void delete(String name) {
    Path target = file(name);
    try {
      if (Files.deleteIfExists(target)) {
        syncFolder(target.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a key store file could not be deleted", e);
    }
  }

  @Override
  public List<String> list(String area) {
    if (!AREA.matcher(area).matches()) {
      throw new IllegalArgumentException("not a key store area");
    }
    Path folder = root.resolve(area);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".tmp"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("a key store folder could not be listed", e);
    }
  }

  private Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a key store file name");
    }
    Path file = root.resolve(name);
    ownerOnlyFolder(file.getParent());
    return file;
  }

  private static Path durableTemp(Path target, byte[] content) {
    try {
      Path temp =
          Files.createTempFile(
              target.getParent(),
              target.getFileName().toString(),
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      return temp;
    } catch (IOException e) {
      throw new UncheckedIOException("a key store file could not be written", e);
    }
  }

  private static void syncFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void ownerOnlyFolder(Path folder) {
    try {
      Files.createDirectories(folder);
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("the key store folder could not be prepared", e);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // A leftover temporary file holds a key no reader ever uses; the owner-only folder keeps it.
    }
  }
}
