package io.pawkeep.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base backups of the embedded server without pg_basebackup, which the bundled PostgreSQL lacks
 * (AVAIL-1): PostgreSQL's low-level API on one superuser connection ({@code pg_backup_start}, copy
 * the data folder, {@code pg_backup_stop}, write the returned backup label into the copy). Each
 * lands in its own folder under {@code directory}, complete or not at all; the newest are kept and
 * the archived WAL older than the oldest kept one is pruned.
 */
final class BaseBackups {

  private static final Logger log = LoggerFactory.getLogger(BaseBackups.class);
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** WAL files, partial WAL files and backup history files, as pg_archivecleanup reads them. */
  private static final Pattern ARCHIVED =
      Pattern.compile("[0-9A-F]{24}(\\.partial|\\.[0-9A-F]{8}\\.backup)?");

  private final Path directory;
  private final Path archive;

  BaseBackups(Path directory, Path archive) {
    this.directory = directory.toAbsolutePath().normalize();
    this.archive = archive.toAbsolutePath().normalize();
  }

  Path directory() {
    return directory;
  }

  /** Takes a base backup of the server whose files are {@code pgDir}, through its superuser. */
  BaseBackup take(Connection superuser, Path pgDir) throws SQLException, IOException {
    WalArchive.createPrivateFolder(directory);
    superuser.setAutoCommit(true);
    try (Statement s = superuser.createStatement()) {
      // pg_backup_stop waits for the WAL to be archived: never forever.
      s.execute("set statement_timeout = '10min'");
    }
    Instant startedAt;
    try (PreparedStatement start =
        superuser.prepareStatement("select clock_timestamp(), pg_backup_start(?, true)")) {
      start.setString(1, "pawkeep");
      startedAt = single(start).getTimestamp(1).toInstant();
    }
    Path incomplete = directory.resolve(".incomplete-" + NAME.format(startedAt));
    try {
      DataFolderCopy.copy(pgDir, incomplete.resolve("data"), Set.of(directory, archive));
      String label;
      Instant finishedAt;
      try (Statement stop = superuser.createStatement();
          ResultSet rs =
              stop.executeQuery(
                  "select labelfile, spcmapfile, clock_timestamp() from pg_backup_stop(true)")) {
        rs.next();
        label = rs.getString(1);
        if (rs.getString(2) != null && !rs.getString(2).isBlank()) {
          throw new IllegalStateException("base backups do not copy tablespaces");
        }
        finishedAt = rs.getTimestamp(3).toInstant();
      }
      Files.writeString(incomplete.resolve("data").resolve("backup_label"), label);
      BaseBackup taken =
          new BaseBackup(
              directory.resolve(NAME.format(startedAt)),
              startedAt,
              finishedAt,
              BaseBackup.startWalFile(label));
      new BaseBackup(incomplete, startedAt, finishedAt, taken.startWalFile()).describe();
      Files.move(incomplete, taken.folder());
      log.info("Base backup {} taken (WAL from {})", taken.folder(), taken.startWalFile());
      return taken;
    } finally {
      // A failed copy leaves nothing behind; the server ends backup mode with the connection.
      DataFolderCopy.delete(incomplete);
    }
  }

  /** The complete base backups, oldest first. */
  List<BaseBackup> list() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> folders = Files.list(directory)) {
      return folders
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(f -> Files.isRegularFile(f.resolve(BaseBackup.DESCRIPTION)))
          .map(BaseBackup::read)
          .sorted(Comparator.comparing(BaseBackup::finishedAt))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory, e);
    }
  }

  /**
   * Keeps the newest {@code keep} base backups, and the archived WAL from the oldest of them on;
   * answers how many files and folders went.
   */
  int prune(int keep) {
    List<BaseBackup> all = list();
    if (all.isEmpty()) {
      return 0;
    }
    int removed = 0;
    for (BaseBackup old : all.subList(0, Math.max(0, all.size() - keep))) {
      DataFolderCopy.delete(old.folder());
      removed++;
    }
    // Timelines aside, as pg_archivecleanup compares them; history files are always kept.
    String oldestNeeded = all.get(Math.max(0, all.size() - keep)).startWalFile().substring(8);
    if (!Files.isDirectory(archive)) {
      return removed;
    }
    try (Stream<Path> files = Files.list(archive)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (ARCHIVED.matcher(name).matches() && name.substring(8, 24).compareTo(oldestNeeded) < 0) {
          Files.delete(file);
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prune " + archive, e);
    }
    return removed;
  }

  private static ResultSet single(PreparedStatement ps) throws SQLException {
    ResultSet rs = ps.executeQuery();
    rs.next();
    return rs;
  }
}
