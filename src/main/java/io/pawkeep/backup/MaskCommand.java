package io.pawkeep.backup;

import io.pawkeep.security.StartCommand;
import java.io.PrintStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.backup.mask=<file>} (PRIV-3): says what the masked restore did (see {@link
 * MaskAtStart}) and exits with 0; a refused restore or mask stops the start (exit code 1) with its
 * reason, and the database stays without a single row of the backup.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.backup.mask")
class MaskCommand extends StartCommand {

  private final MaskAtStart restore;
  private final MaskStep mask;

  MaskCommand(MaskAtStart restore, MaskStep mask, ApplicationContext context) {
    super(context);
    this.restore = restore;
    this.mask = mask;
  }

  @Override
  protected int execute(PrintStream out) {
    Restore.Report report = restore.report();
    Masking.Report masked = mask.report();
    if (report == null || masked == null) {
      out.println("No masked restore ran.");
      return 1;
    }
    out.printf(
        "Masked %s (taken %s, schema version %s) into this database: %d tables, %d rows"
            + " restored and verified; personal values replaced in %s; emptied: %s; tenant"
            + " keysets replaced by development keysets; in %d ms.%n",
        restore.file().getFileName(),
        report.manifest().createdAt(),
        report.manifest().schemaVersion(),
        report.manifest().tables().size(),
        report.manifest().rows(),
        masked.maskedRows(),
        String.join(", ", masked.emptied()),
        report.took().toMillis());
    out.printf(
        "Everyone signs in with the development password \"%s\"; second factors are off.%n",
        Masking.DEVELOPMENT_PASSWORD);
    return 0;
  }
}
