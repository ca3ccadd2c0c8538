package io.pawkeep.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * Continuous WAL archiving of the embedded server (AVAIL-1) with PostgreSQL's bundled {@code
 * basic_archive} module: every finished WAL file is copied into {@code directory}, and a file is
 * finished at the latest {@code timeout} after a write. Set on every start, because {@code
 * archive_mode} only changes with a restart; so an existing folder starts archiving on its next
 * start.
 */
record WalArchive(Path directory, Duration timeout) {

  WalArchive {
    directory = directory.toAbsolutePath().normalize();
  }

  /** Adds the archiving settings to a server about to start, creating the folder if needed. */
  EmbeddedPostgres.Builder applyTo(EmbeddedPostgres.Builder server) {
    createPrivateFolder(directory);
    return server
        .setServerConfig("wal_level", "replica")
        .setServerConfig("archive_mode", "on")
        .setServerConfig("archive_library", "basic_archive")
        // The library hands all options to pg_ctl as one string, which a shell splits: quoted.
        .setServerConfig("basic_archive.archive_directory", shellQuoted(directory.toString()))
        .setServerConfig("archive_timeout", timeout.toSeconds() + "s");
  }

  /** A shell word that is exactly {@code text}, whatever it holds. */
  static String shellQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  static void createPrivateFolder(Path folder) {
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder);
      }
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + folder, e);
    }
  }
}
