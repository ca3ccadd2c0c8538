package io.pawkeep.backup;

import io.pawkeep.database.BeforeMigrations;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.backup.mask=<file>} (PRIV-3): restores the backup into the configured database,
 * which must be empty, with {@link MaskStep} as its last step, before the application migrates its
 * database; {@link MaskCommand} then reports and stops. Never in {@code prod}: a masked database is
 * a development database, sealed under this installation's development keys.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.backup.mask")
class MaskAtStart implements BeforeMigrations {

  private final Restore restore;
  private final Path file;
  private final boolean production;
  private Restore.Report report;

  MaskAtStart(Restore restore, Environment environment) {
    this.restore = restore;
    this.file = Path.of(environment.getRequiredProperty("pawkeep.backup.mask"));
    this.production = environment.acceptsProfiles(Profiles.of("prod"));
  }

  @Override
  public void prepare(DataSource owner, String applicationRole) throws Exception {
    if (production) {
      throw new BackupRefusedException(
          "a masked database is for development: the mask does not run in the prod profile");
    }
    report = restore.into(owner, applicationRole, file);
  }

  Restore.Report report() {
    return report;
  }

  Path file() {
    return file;
  }
}
