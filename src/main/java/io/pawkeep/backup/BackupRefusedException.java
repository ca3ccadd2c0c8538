package io.pawkeep.backup;

/** A backup that cannot be trusted or a database it cannot go into; the message names no data. */
public final class BackupRefusedException extends RuntimeException {

  BackupRefusedException(String message) {
    super(message);
  }

  BackupRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
