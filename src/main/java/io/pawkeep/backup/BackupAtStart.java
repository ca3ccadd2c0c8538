package io.pawkeep.backup;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;

/**
 * The backup a start argument names ({@code --pawkeep.backup.restore} or {@code
 * --pawkeep.backup.mask}: a file, or {@code object-store:backups/<name>}), restored into the empty
 * database before the application migrates it ({@link RestoreAtStart}, {@link MaskAtStart}); what
 * the restore did is kept for the command that reports it and stops.
 */
final class BackupAtStart {

  private final String location;
  private final ObjectStoreBackups objectStore;
  private Restore.Report report;

  /** The backup the setting {@code property} names; a start without it fails at once. */
  BackupAtStart(Environment environment, String property, ObjectStoreBackups objectStore) {
    this.location = environment.getRequiredProperty(property);
    this.objectStore = objectStore;
  }

  void restoreInto(Restore restore, DataSource owner, String applicationRole) throws Exception {
    // A backup in the object store is fetched, still sealed, into an owner-only file first: the
    // restore reads it twice (verified whole before the database is touched, then loaded).
    try (ObjectStoreBackups.Source source = ObjectStoreBackups.source(location, objectStore)) {
      report = restore.into(owner, applicationRole, source.file());
    }
  }

  /** The restore done at start, or null when it has not run. */
  Restore.Report report() {
    return report;
  }

  /** The backup's file, or its object-store location as a path (for its name). */
  Path file() {
    return Path.of(location);
  }
}
