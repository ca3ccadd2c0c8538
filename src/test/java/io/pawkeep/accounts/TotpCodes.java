package io.pawkeep.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Computes authenticator-app codes for tests in other packages. */
public final class TotpCodes {

  private TotpCodes() {}

  public static String at(String base32Secret, Clock clock) {
    Totp totp = new Totp(clock);
    return totp.codeAt(Totp.fromBase32(base32Secret), totp.currentStep());
  }

  /**
   * A code of none of the steps the server accepts at {@code clock} (the current one and one on
   * either side), so a guess made with it is wrong for certain.
   */
  public static String wrongAt(String base32Secret, Clock clock) {
    Set<String> accepted =
        Set.of(
            at(base32Secret, Clock.offset(clock, step().negated())),
            at(base32Secret, clock),
            at(base32Secret, Clock.offset(clock, step())));
    int guess = 0;
    while (accepted.contains("%06d".formatted(guess))) {
      guess++;
    }
    return "%06d".formatted(guess);
  }

  /** A step (30 s) later, so the next code is not a replay of the previous one. */
  public static Duration step() {
    return Duration.ofSeconds(30);
  }
}
