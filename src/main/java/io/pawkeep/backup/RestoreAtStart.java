package io.pawkeep.backup;

import io.pawkeep.database.BeforeMigrations;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.backup.restore=<file>} or {@code =object-store:backups/<name>}: the restore
 * happens as the application starts, before it migrates its database (an empty one must first reach
 * the backup's version, not the newest); {@link RestoreCommand} then reports it and stops. A
 * refused restore stops the start with its reason, leaving an empty database empty.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.backup.restore")
class RestoreAtStart implements BeforeMigrations {

  private final Restore restore;
  private final String location;
  private final ObjectStoreBackups objectStore;
  private Restore.Report report;

  RestoreAtStart(Restore restore, Environment environment, ObjectStoreBackups objectStore) {
    this.restore = restore;
    this.location = environment.getRequiredProperty("pawkeep.backup.restore");
    this.objectStore = objectStore;
  }

  @Override
  public void prepare(DataSource owner, String applicationRole) throws Exception {
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
