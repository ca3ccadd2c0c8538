package io.pawkeep.backup;

import io.pawkeep.documents.NamedObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Backups in the configured object store (AVAIL-1, {@code pawkeep.backup.store=object-store}):
 * under {@code backups/<name>}, with the folder's names. A backup is sealed as it is written into
 * the backup folder (never plaintext on disk, never whole in memory), then streamed up with its
 * length and removed from the folder; a restore streams it down into an owner-only file there,
 * still sealed, and removes it afterwards.
 */
final class ObjectStoreBackups {

  static final String FOLDER = "backups/";

  /** How a restore or mask setting names a backup in the object store. */
  static final String SCHEME = "object-store:";

  private final NamedObjects objects;
  private final BackupFolder folder;

  ObjectStoreBackups(NamedObjects objects, BackupFolder folder) {
    this.objects = objects;
    this.folder = folder;
  }

  /** Streams the sealed file up under {@code backups/<its name>}, then deletes the file. */
  String upload(Path file) throws IOException {
    String key = FOLDER + file.getFileName();
    try (InputStream in = Files.newInputStream(file)) {
      objects.put(key, in, Files.size(file));
    }
    Files.delete(file);
    return key;
  }

  /** The backups in the object store, newest first. */
  List<String> backups() throws IOException {
    return objects.list(FOLDER).stream()
        .filter(key -> BackupFolder.takenAt(key.substring(FOLDER.length())).isPresent())
        .sorted(Comparator.<String>naturalOrder().reversed())
        .toList();
  }

  /** Deletes the backups taken before {@code before}, never the newest. */
  List<String> deleteOlderThan(Instant before) throws IOException {
    List<String> deleted = new ArrayList<>();
    for (String key : backups().stream().skip(1).toList()) {
      Instant at = BackupFolder.takenAt(key.substring(FOLDER.length())).orElseThrow();
      if (at.isBefore(before) && objects.delete(key)) {
        deleted.add(key);
      }
    }
    return deleted;
  }

  /**
   * A local, owner-only copy of the backup named by {@code location} ({@code
   * object-store:backups/<name>}), still sealed; the caller deletes it.
   */
  Path fetch(String location) throws IOException {
    String key = location.substring(SCHEME.length());
    if (!key.startsWith(FOLDER) || BackupFolder.takenAt(key.substring(FOLDER.length())).isEmpty()) {
      throw new BackupRefusedException(
          "not a backup in the object store: give object-store:backups/pawkeep-<time>-<id>.backup");
    }
    Files.createDirectories(folder.dir());
    Path copy =
        Files.createTempFile(
            folder.dir(),
            "fetched-",
            ".backup.partial",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (InputStream in = objects.get(key)) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(copy);
      throw e;
    }
  }

  /** What a restore reads: a local file, or a fetched copy of an object-store backup. */
  interface Source extends AutoCloseable {
    Path file();

    @Override
    void close() throws IOException;
  }

  static Source source(String location, ObjectStoreBackups backups) throws IOException {
    if (!location.startsWith(SCHEME)) {
      Path file = Path.of(location);
      return new Source() {
        @Override
        public Path file() {
          return file;
        }

        @Override
        public void close() {}
      };
    }
    Path copy = backups.fetch(location);
    return new Source() {
      @Override
      public Path file() {
        return copy;
      }

      @Override
      public void close() throws IOException {
        Files.deleteIfExists(copy);
      }
    };
  }
}
