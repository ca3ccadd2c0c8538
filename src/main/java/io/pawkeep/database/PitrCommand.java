package io.pawkeep.database;

import io.pawkeep.security.StartCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The point-in-time recovery commands of the embedded database (AVAIL-1). {@code
 * --pawkeep.pitr.base-backup=now} takes a base backup now. {@code
 * --pawkeep.recovery.target-time=2026-12-01T13:05:00Z} recovers the database as it was at that
 * moment into a new folder beside the live one (which stays as it is) and says how to start Pawkeep
 * on it. Exits with 0 on success, 1 otherwise.
 */
@Component
@ConditionalOnExpression(
    "'${pawkeep.pitr.base-backup:}' != '' or '${pawkeep.recovery.target-time:}' != ''")
class PitrCommand extends StartCommand {

  private final PointInTimeRecoveries pitr;
  private final String baseBackup;
  private final String targetTime;

  PitrCommand(PointInTimeRecoveries pitr, ApplicationContext context, Environment environment) {
    super(context);
    this.pitr = pitr;
    this.baseBackup = environment.getProperty("pawkeep.pitr.base-backup", "");
    this.targetTime = environment.getProperty("pawkeep.recovery.target-time", "");
  }

  /** Does what was asked and answers the exit code; apart from the exit, all of the command. */
  @Override
  protected int execute(PrintStream out) {
    try {
      if (!targetTime.isBlank()) {
        return recover(out);
      }
      if (!"now".equals(baseBackup)) {
        out.println("pawkeep.pitr.base-backup must be now");
        return 1;
      }
      BaseBackup taken = pitr.takeBaseBackup();
      out.printf(
          "Base backup taken into %s; it can recover to any time from %s on.%n",
          taken.folder(), taken.finishedAt());
      return 0;
    } catch (PointInTimeRecovery.Refused refused) {
      out.println(refused.getMessage());
      return 1;
    } catch (IOException | SQLException | RuntimeException e) {
      // The message, never a stack trace with connection details, for the person at the console.
      out.println("Failed: " + e.getMessage());
      return 1;
    }
  }

  private int recover(PrintStream out) throws IOException, SQLException {
    Instant target;
    try {
      target = OffsetDateTime.parse(targetTime).toInstant();
    } catch (DateTimeParseException e) {
      out.println(
          "pawkeep.recovery.target-time must be a time with its offset,"
              + " for example 2026-12-01T13:05:00Z");
      return 1;
    }
    Path folder = pitr.recover(target, out);
    String recovered = WalArchive.shellQuoted(folder.toString());
    String live = WalArchive.shellQuoted(pitr.pgDir().toAbsolutePath().normalize().toString());
    String aside =
        WalArchive.shellQuoted(pitr.pgDir().toAbsolutePath().normalize() + "-before-recovery");
    out.printf(
        """
        The database as it was at %s is in %s; the live one in %s is unchanged.
        To run Pawkeep on it, stop Pawkeep, then either start it with
          PAWKEEP_DATABASE_EMBEDDED_DIR=%s
        or keep the live folder aside and put the recovered one in its place:
          mv %s %s && mv %s %s
        Then take a new base backup: --pawkeep.pitr.base-backup=now
        """,
        target, folder, pitr.pgDir(), recovered, live, aside, recovered, live);
    return 0;
  }
}
