package io.pawkeep.accounts;

import java.time.Clock;
import java.time.Duration;

/** Computes authenticator-app codes for tests in other packages. */
public final class TotpCodes {

  private TotpCodes() {}

  public static String at(String base32Secret, Clock clock) {
    Totp totp = new Totp(clock);
    return totp.codeAt(Totp.fromBase32(base32Secret), totp.currentStep());
  }

  /** A step (30 s) later, so the next code is not a replay of the previous one. */
  public static Duration step() {
    return Duration.ofSeconds(30);
  }
}
