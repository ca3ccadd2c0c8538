package io.pawkeep.backup;

import io.pawkeep.security.StartCommand;
import java.io.PrintStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.backup.restore=<file>}: restores the backup into the configured database, which
 * must be empty (see {@link RestoreAtStart}), says what was restored, and exits with 0; a refused
 * restore stops the start (exit code 1) with its reason.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.backup.restore")
class RestoreCommand extends StartCommand {

  private final RestoreAtStart restore;

  RestoreCommand(RestoreAtStart restore, ApplicationContext context) {
    super(context);
    this.restore = restore;
  }

  @Override
  protected int execute(PrintStream out) {
    Restore.Report report = restore.report();
    if (report == null) {
      out.println("No restore ran.");
      return 1;
    }
    Manifest manifest = report.manifest();
    out.printf(
        "Restored %s (taken %s, schema version %s): %d tables, %d rows, every count and digest"
            + " matching its manifest; %d restore step(s) ran; migrated to the newest version"
            + " in %d ms.%n",
        restore.file().getFileName(),
        manifest.createdAt(),
        manifest.schemaVersion(),
        manifest.tables().size(),
        manifest.rows(),
        report.steps(),
        report.took().toMillis());
    return 0;
  }
}
