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
  private final String location;
  private final ObjectStoreBackups objectStore;
  private final boolean production;
  private Restore.Report report;

  MaskAtStart(Restore restore, Environment environment, ObjectStoreBackups objectStore) {
    this.restore = restore;
    this.location = environment.getRequiredProperty("pawkeep.backup.mask");
    this.objectStore = objectStore;
    this.production = environment.acceptsProfiles(Profiles.of("prod"));
  }

  @Override
  public void prepare(DataSource owner, String applicationRole) throws Exception {
    if (production) {
      throw new BackupRefusedException(
          "a masked database is for development: the mask does not run in the prod profile");
    }
    // A backup in the object store is fetched, still sealed, into an owner-only file first: the
    // restore reads it twice (verified whole before the database is touched, then loaded).
    try (ObjectStoreBackups.Source source = ObjectStoreBackups.source(location, objectStore)) {
      report = restore.into(owner, applicationRole, source.file());
    }
  }

  Restore.Report report() {
    return report;
  }

  /** The backup's file, or its object-store location as a path (for its name). */
  Path file() {
    return Path.of(location);
  }
}
