package io.pawkeep.database;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * One base backup (AVAIL-1): a copy of the data folder in {@code folder/data}, started and finished
 * at these times of the database's clock. It can recover to any time from {@code finishedAt} on,
 * replaying the archived WAL from {@code startWalFile}.
 */
record BaseBackup(Path folder, Instant startedAt, Instant finishedAt, String startWalFile) {

  static final String DESCRIPTION = "base-backup.properties";

  BaseBackup {
    if (!startWalFile.matches("[0-9A-F]{24}")) {
      throw new IllegalArgumentException("startWalFile must be a WAL file name");
    }
  }

  Path data() {
    return folder.resolve("data");
  }

  void describe() {
    Properties p = new Properties();
    p.setProperty("started-at", startedAt.toString());
    p.setProperty("finished-at", finishedAt.toString());
    p.setProperty("start-wal-file", startWalFile);
    try (Writer out =
        Files.newBufferedWriter(folder.resolve(DESCRIPTION), StandardCharsets.UTF_8)) {
      p.store(out, "A base backup of Pawkeep's embedded database (point-in-time recovery)");
    } catch (IOException e) {
      throw new UncheckedIOException("could not describe " + folder, e);
    }
  }

  static BaseBackup read(Path folder) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(folder.resolve(DESCRIPTION), StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + folder.resolve(DESCRIPTION), e);
    }
    return new BaseBackup(
        folder,
        Instant.parse(p.getProperty("started-at")),
        Instant.parse(p.getProperty("finished-at")),
        p.getProperty("start-wal-file"));
  }

  /** The name of the WAL file a backup_label says replay starts from. */
  static String startWalFile(String backupLabel) {
    var m =
        java.util.regex.Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)")
            .matcher(backupLabel);
    if (!m.find()) {
      throw new IllegalStateException("the backup label names no start WAL file");
    }
    return m.group(1);
  }
}
