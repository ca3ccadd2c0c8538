package io.pawkeep.backup;

import io.pawkeep.database.BeforeMigrations;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.backup.restore=<file>}: the restore happens as the application starts, before it
 * migrates its database (an empty one must first reach the backup's version, not the newest);
 * {@link RestoreCommand} then reports it and stops. A refused restore stops the start with its
 * reason, leaving an empty database empty.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.backup.restore")
class RestoreAtStart implements BeforeMigrations {

  private final Restore restore;
  private final Path file;
  private Restore.Report report;

  RestoreAtStart(Restore restore, Environment environment) {
    this.restore = restore;
    this.file = Path.of(environment.getRequiredProperty("pawkeep.backup.restore"));
  }

  @Override
  public void prepare(DataSource owner, String applicationRole) throws Exception {
    report = restore.into(owner, applicationRole, file);
  }

  /** The restore done at start, or null when it has not run. */
  Restore.Report report() {
    return report;
  }

  Path file() {
    return file;
  }
}
