package io.pawkeep.backup;

import io.pawkeep.security.StartCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.backup.run=now}: takes a backup at once into the backup folder or the object
 * store ({@code pawkeep.backup.store}), deletes the ones past their retention, says where it went,
 * and exits with 0 (1 on failure).
 */
@Component
@ConditionalOnProperty(name = "pawkeep.backup.run")
class BackupCommand extends StartCommand {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(BackupCommand.class);

  private final Backups backups;
  private final String what;

  BackupCommand(Backups backups, ApplicationContext context, Environment environment) {
    super(context);
    this.backups = backups;
    this.what = environment.getProperty("pawkeep.backup.run", "");
  }

  @Override
  protected int execute(PrintStream out) {
    if (!"now".equals(what)) {
      out.println("pawkeep.backup.run must be now");
      return 1;
    }
    long started = System.nanoTime();
    try {
      Backups.Placed taken = backups.takeToStore();
      List<String> deleted = backups.deleteExpired();
      out.printf(
          "Backup written to %s: %d bytes, %d tables, %d rows, schema version %s, in %d ms;"
              + " %d expired backup file(s) deleted.%n",
          taken.location(),
          taken.bytes(),
          taken.manifest().tables().size(),
          taken.manifest().rows(),
          taken.manifest().schemaVersion(),
          (System.nanoTime() - started) / 1_000_000,
          deleted.size());
      return 0;
    } catch (IOException | SQLException | RuntimeException e) {
      log.error("The backup failed", e);
      out.println("The backup failed (" + e.getClass().getSimpleName() + "); see the log.");
      return 1;
    }
  }
}
