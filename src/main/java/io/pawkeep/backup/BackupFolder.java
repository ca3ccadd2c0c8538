package io.pawkeep.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder backups are kept in, owner-only: {@code pawkeep-<UTC time>-<random>.backup}. A backup
 * is written beside its final name and moved there only once complete and flushed to disk, so the
 * folder never holds half a backup under a backup's name.
 */
final class BackupFolder {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern NAME =
      Pattern.compile("pawkeep-(\\d{8}T\\d{6}Z)-[0-9a-f]{8}\\.backup");
  private static final String PARTIAL = ".partial";

  private final Path dir;

  BackupFolder(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** A new temporary file for a backup taken at {@code at}, and where it goes when complete. */
  Pending start(Instant at) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    String name =
        "pawkeep-" + STAMP.format(at) + "-" + HexFormat.of().formatHex(random) + ".backup";
    Path partial =
        Files.createTempFile(
            dir,
            name,
            PARTIAL,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return new Pending(partial, dir.resolve(name));
  }

  record Pending(Path partial, Path target) {

    /** Flushes the complete file to disk and gives it its name. */
    Path complete() throws IOException {
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    void abandon() throws IOException {
      Files.deleteIfExists(partial);
    }
  }

  /** When the backup of this file name was taken; empty when it is not a backup's name. */
  static Optional<Instant> takenAt(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? Optional.of(STAMP.parse(m.group(1), Instant::from)) : Optional.empty();
  }

  /** The backups in the folder, newest first. */
  List<Path> backups() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> NAME.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed())
          .toList();
    }
  }

  /**
   * Deletes the backups taken before {@code before}, and temporary files of backups that never
   * completed, but never the newest backup: a clock set wrong must not empty the folder.
   */
  List<Path> deleteOlderThan(Instant before) throws IOException {
    List<Path> deleted = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return deleted;
    }
    List<Path> backups = backups();
    for (Path backup : backups.stream().skip(1).toList()) {
      Matcher m = NAME.matcher(backup.getFileName().toString());
      if (m.matches() && STAMP.parse(m.group(1), Instant::from).isBefore(before)) {
        Files.deleteIfExists(backup);
        deleted.add(backup);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path partial : files.filter(f -> f.toString().endsWith(PARTIAL)).toList()) {
        if (Files.getLastModifiedTime(partial).toInstant().isBefore(before)) {
          Files.deleteIfExists(partial);
          deleted.add(partial);
        }
      }
    }
    return deleted;
  }
}
