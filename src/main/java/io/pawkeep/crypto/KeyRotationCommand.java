package io.pawkeep.crypto;

import io.pawkeep.security.SigningKeys;
import io.pawkeep.security.StartCommand;
import java.io.PrintStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code --pawkeep.crypto.rotate=data-keys}: gives every tenant's data keyset a new primary key and
 * re-encrypts everything under it (older keys are destroyed by the background job once {@code
 * pawkeep.crypto.retire-after} has passed). {@code --pawkeep.crypto.rotate=master-key}: re-wraps
 * every keyset and re-seals every master-key field (the access-token signing keys included) under
 * the active master key, and says whether the previous master keys can now be removed. {@code
 * --pawkeep.crypto.rotate=signing-key}: a new access-token signing key for every node (SESS-1,
 * AVAIL-4); tokens signed before stay valid until they expire. Exits with 0 on success, 1
 * otherwise.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.crypto.rotate")
class KeyRotationCommand extends StartCommand {

  private final KeyRotation rotation;
  private final SigningKeys signingKeys;
  private final String what;

  KeyRotationCommand(
      KeyRotation rotation,
      SigningKeys signingKeys,
      ApplicationContext context,
      org.springframework.core.env.Environment environment) {
    super(context);
    this.rotation = rotation;
    this.signingKeys = signingKeys;
    this.what = environment.getProperty("pawkeep.crypto.rotate", "");
  }

  /** Does what was asked and answers the exit code; apart from the exit, all of the command. */
  @Override
  protected int execute(PrintStream out) {
    return switch (what) {
      case "data-keys" -> rotateDataKeys(out);
      case "master-key" -> rewrap(out);
      case "signing-key" -> rotateSigningKey(out);
      default -> {
        out.println("pawkeep.crypto.rotate must be data-keys, master-key or signing-key");
        yield 1;
      }
    };
  }

  private int rotateDataKeys(PrintStream out) {
    int rotated = rotation.rotateAllDataKeys();
    KeyRotation.Report report = rotation.run();
    out.printf(
        "Rotated %d data keyset(s); re-encrypted %d field(s); %d failure(s).%n",
        rotated, report.ciphertextsReencrypted(), report.failures());
    return report.failures() == 0 ? 0 : 1;
  }

  private int rotateSigningKey(PrintStream out) {
    String id = signingKeys.rotate();
    out.printf(
        "The access-token signing key %s signs now, on every node within"
            + " pawkeep.jwt.key-refresh-interval; the previous key verifies until %s.%n",
        id, signingKeys.retiredKeysVerifyUntil());
    return 0;
  }

  private int rewrap(PrintStream out) {
    KeyRotation.Report report = rotation.run();
    long left = rotation.keysetsUnderPreviousMasterKeys();
    out.printf(
        "Re-wrapped %d data keyset(s) and re-sealed %d field(s) under the active master key;"
            + " %d failure(s).%n",
        report.keysetsRewrapped(), report.masterSealedReencrypted(), report.failures());
    if (left == 0 && report.failures() == 0) {
      out.println("Nothing depends on a previous master key any more: remove them.");
      return 0;
    }
    out.printf("%d keyset(s) still under a previous master key: run again.%n", left);
    return 1;
  }
}
