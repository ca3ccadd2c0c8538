package io.pawkeep.watch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds and windows of the anomaly rules (LOG-3). A sign-in rule raises its alert when its
 * count reaches the threshold within the window ending now. A usual-activity rule raises when a
 * person's count today is above its floor and above {@code usualFactor} times their own daily
 * average over the {@code baselineDays} before today.
 */
@ConfigurationProperties("pawkeep.watch")
record WatchProperties(
    @DefaultValue("10") int failingAccountsPerAddress,
    @DefaultValue("PT15M") Duration failingAccountsWindow,
    @DefaultValue("5") int failingAddressesPerAccount,
    @DefaultValue("PT1H") Duration failingAddressesWindow,
    @DefaultValue("4") int signInAddressesPerAccount,
    @DefaultValue("PT1H") Duration signInAddressesWindow,
    @DefaultValue("5") double usualFactor,
    @DefaultValue("20") int revealFloor,
    @DefaultValue("5") int exportFloor,
    @DefaultValue("30") int baselineDays) {

  WatchProperties {
    requirePositive(failingAccountsPerAddress, "failing-accounts-per-address");
    requirePositive(failingAddressesPerAccount, "failing-addresses-per-account");
    requirePositive(signInAddressesPerAccount, "sign-in-addresses-per-account");
    requirePositive(revealFloor, "reveal-floor");
    requirePositive(exportFloor, "export-floor");
    requirePositive(baselineDays, "baseline-days");
    if (!(usualFactor >= 1)) {
      throw new IllegalArgumentException("pawkeep.watch.usual-factor must be at least 1");
    }
    for (Duration window :
        new Duration[] {failingAccountsWindow, failingAddressesWindow, signInAddressesWindow}) {
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("pawkeep.watch windows must be positive durations");
      }
    }
  }

  /** How long sign-in attempts are kept: the longest sign-in rule's window. */
  Duration longestWindow() {
    Duration longest = failingAccountsWindow;
    if (failingAddressesWindow.compareTo(longest) > 0) {
      longest = failingAddressesWindow;
    }
    return signInAddressesWindow.compareTo(longest) > 0 ? signInAddressesWindow : longest;
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException("pawkeep.watch." + name + " must be at least 1");
    }
  }
}
