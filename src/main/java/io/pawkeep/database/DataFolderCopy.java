package io.pawkeep.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies a PostgreSQL data folder, running or stopped, leaving out what PostgreSQL's documentation
 * says a base backup should leave out ("Making a Base Backup Using the Low Level API"): the
 * contents of pg_wal (recovery reads the archive) and of the folders the server rebuilds on start,
 * the postmaster's lock and options files, relation cache files and temporary files. Files that
 * disappear during the copy were dropped by the server and are not needed.
 */
final class DataFolderCopy {

  /** Folders copied empty. */
  private static final Set<String> EMPTIED =
      Set.of(
          "pg_wal",
          "pg_replslot",
          "pg_dynshmem",
          "pg_notify",
          "pg_serial",
          "pg_snapshots",
          "pg_stat_tmp",
          "pg_subtrans");

  /** Files never copied (epg-lock is the embedded library's own lock). */
  private static final Set<String> LEFT_OUT =
      Set.of(
          "postmaster.pid",
          "postmaster.opts",
          "pg_internal.init",
          "backup_label",
          "tablespace_map",
          "epg-lock");

  private DataFolderCopy() {}

  /**
   * Copies the data folder {@code from} into the new folder {@code to} as a base backup, owner-only
   * as PostgreSQL requires, never descending into {@code skipped}.
   */
  static void copy(Path from, Path to, Set<Path> skipped) throws IOException {
    refuseTablespaces(from);
    copy(from, to, skipped, true);
    // Recovery expects these even when empty.
    createPrivate(to.resolve("pg_wal").resolve("archive_status"));
    createPrivate(to.resolve("pg_wal").resolve("summaries"));
  }

  /** Copies a base backup's folder as it is (backup label included) into the new folder. */
  static void copyAll(Path from, Path to) throws IOException {
    copy(from, to, Set.of(), false);
  }

  private static void copy(Path from, Path to, Set<Path> skipped, boolean leaveOut)
      throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Path normalised = dir.toAbsolutePath().normalize();
            if (skipped.contains(normalised) || leaveOut && temporary(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Path relative = from.relativize(dir);
            createPrivate(to.resolve(relative.toString()));
            return leaveOut && relative.getNameCount() == 1 && EMPTIED.contains(relative.toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String name = file.getFileName().toString();
            if (leaveOut && (LEFT_OUT.contains(name) || temporary(file))) {
              return FileVisitResult.CONTINUE;
            }
            try {
              Files.copy(
                  file,
                  to.resolve(from.relativize(file).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES,
                  LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException droppedMeanwhile) {
              // A relation dropped during the backup: its drop is in the WAL replayed on recovery.
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
  }

  /** Deletes a folder and everything in it, if it exists. */
  static void delete(Path folder) {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + folder, e);
    }
  }

  static void createPrivate(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
  }

  private static boolean temporary(Path path) {
    return path.getFileName() != null && path.getFileName().toString().startsWith("pgsql_tmp");
  }

  /** Pawkeep creates no tablespace; a folder with one would need its targets copied too. */
  private static void refuseTablespaces(Path from) throws IOException {
    Path tablespaces = from.resolve("pg_tblspc");
    if (Files.isDirectory(tablespaces)) {
      try (Stream<Path> entries = Files.list(tablespaces)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalStateException(
              "the database in " + from + " has tablespaces, which base backups do not copy");
        }
      }
    }
  }
}
