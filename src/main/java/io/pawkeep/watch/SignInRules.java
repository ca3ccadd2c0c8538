package io.pawkeep.watch;

import io.pawkeep.accounts.SignInAttempt;
import io.pawkeep.web.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sign-in rules (LOG-3), evaluated on each attempt as it happens: {@code pawkeep_watch_sign_in}
 * records it and answers each rule's count over its window in the same round trip, each one range
 * scan of an index over attempts kept only as long as the longest window. So an alert is raised by
 * the very attempt that crosses a threshold, on whichever node, with no job scanning the trail.
 */
@Component
class SignInRules {

  private final JdbcClient jdbc;
  private final Alerts alerts;
  private final WatchProperties settings;
  private final Clock clock;

  SignInRules(JdbcClient jdbc, Alerts alerts, WatchProperties settings, Clock clock) {
    this.jdbc = jdbc;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
  }

  record Counts(long failingAccounts, long failingAddresses, long signingInAddresses) {}

  @EventListener
  void on(SignInAttempt attempt) {
    Instant now = clock.instant();
    Counts counts =
        jdbc.sql(
                "select * from pawkeep_watch_sign_in(:at, :account, :address, :succeeded,"
                    + " cast(:w1 as interval), cast(:w2 as interval), cast(:w3 as interval))")
            .param("at", Instants.timestamp(now))
            .param("account", attempt.account())
            .param("address", attempt.address())
            .param("succeeded", attempt.succeeded())
            .param("w1", interval(settings.failingAccountsWindow()))
            .param("w2", interval(settings.failingAddressesWindow()))
            .param("w3", interval(settings.signInAddressesWindow()))
            .query(
                (rs, n) ->
                    new Counts(
                        rs.getLong("failing_accounts"),
                        rs.getLong("failing_addresses"),
                        rs.getLong("signing_in_addresses")))
            .single();
    if (counts.failingAccounts() >= settings.failingAccountsPerAddress()) {
      alerts.raise(
          Rule.FAILING_ACCOUNTS_PER_ADDRESS,
          attempt.address(),
          detail(
              "failingAccounts",
              counts.failingAccounts(),
              settings.failingAccountsPerAddress(),
              settings.failingAccountsWindow()));
    }
    if (counts.failingAddresses() >= settings.failingAddressesPerAccount()) {
      alerts.raise(
          Rule.FAILING_ADDRESSES_PER_ACCOUNT,
          attempt.account(),
          detail(
              "failingAddresses",
              counts.failingAddresses(),
              settings.failingAddressesPerAccount(),
              settings.failingAddressesWindow()));
    }
    if (counts.signingInAddresses() >= settings.signInAddressesPerAccount()) {
      alerts.raise(
          Rule.SIGN_IN_ADDRESSES_PER_ACCOUNT,
          attempt.account(),
          detail(
              "signingInAddresses",
              counts.signingInAddresses(),
              settings.signInAddressesPerAccount(),
              settings.signInAddressesWindow()));
    }
  }

  private static Map<String, Object> detail(
      String what, long count, int threshold, Duration window) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put(what, count);
    detail.put("threshold", threshold);
    detail.put("window", window.toString());
    return detail;
  }

  private static String interval(Duration window) {
    return window.toMillis() + " milliseconds";
  }
}
