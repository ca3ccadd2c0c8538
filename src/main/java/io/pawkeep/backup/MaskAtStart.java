package io.pawkeep.backup;

import io.pawkeep.database.BeforeMigrations;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.backup.mask=<file>} or {@code =object-store:backups/<name>} (PRIV-3): restores
 * the backup into the configured database, which must be empty, with {@link MaskStep} as its last
 * step, before the application migrates its database; {@link MaskCommand} then reports and stops.
 * Never in {@code prod}: a masked database is a development database, sealed under this
 * installation's development keys.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.backup.mask")
class MaskAtStart implements BeforeMigrations {

  private final Restore restore;
  private final BackupAtStart backup;
  private final boolean production;

  MaskAtStart(Restore restore, Environment environment, ObjectStoreBackups objectStore) {
    this.restore = restore;
    this.backup = new BackupAtStart(environment, "pawkeep.backup.mask", objectStore);
    this.production = environment.acceptsProfiles(Profiles.of("prod"));
  }

  @Override
  public void prepare(DataSource owner, String applicationRole) throws Exception {
    if (production) {
      throw new BackupRefusedException(
          "a masked database is for development: the mask does not run in the prod profile");
    }
    backup.restoreInto(restore, owner, applicationRole);
  }

  Restore.Report report() {
    return backup.report();
  }

  /** The backup's file, or its object-store location as a path (for its name). */
  Path file() {
    return backup.file();
  }
}
