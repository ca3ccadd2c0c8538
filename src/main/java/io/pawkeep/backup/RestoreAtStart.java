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
  private final BackupAtStart backup;

  RestoreAtStart(Restore restore, Environment environment, ObjectStoreBackups objectStore) {
    this.restore = restore;
    this.backup = new BackupAtStart(environment, "pawkeep.backup.restore", objectStore);
  }

  @Override
  public void prepare(DataSource owner, String applicationRole) throws Exception {
    backup.restoreInto(restore, owner, applicationRole);
  }

  /** The restore done at start, or null when it has not run. */
  Restore.Report report() {
    return backup.report();
  }

  /** The backup's file, or its object-store location as a path (for its name). */
  Path file() {
    return backup.file();
  }
}
