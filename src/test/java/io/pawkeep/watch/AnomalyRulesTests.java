package io.pawkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.SignInAttempt;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.Mailbox;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * LOG-3: each anomaly rule raises one alert (an audit event, a metric, a mail to the operators)
 * when its threshold is crossed within its window, nothing below it, and no second alert while one
 * is open for the same rule and subject. Sign-in attempts are handed to the rules as the accounts
 * module publishes them; the clock is the test's (default settings: 10 accounts per address in 15
 * minutes, 5 addresses per account in an hour, 4 sign-in addresses in an hour, reveals above 20 and
 * exports above 5 a day and above 5 times the person's own 30-day average).
 */
class AnomalyRulesTests extends ApiTestSupport {

  private static final String OPERATOR_MAIL = "admin@pawkeep.test";

  @Autowired private ApplicationEventPublisher events;
  @Autowired private OwnerDatabase owner;
  @Autowired private Watch watch;
  @Autowired private WatchPurge purge;

  @Test
  void manyAccountsFailingFromOneAddressRaiseOneAlertWithAuditEventMetricAndMail() {
    String address = randomAddress();
    double raised =
        Prometheus.value(
            api, "pawkeep_watch_alerts_total", "rule=\"failing-accounts-per-address\"");
    int mails = Mailbox.awaitMails(OPERATOR_MAIL, "Pawkeep alert", 0).size();
    String first = UUID.randomUUID().toString();
    fail(first, address);
    for (int i = 0; i < 8; i++) {
      fail(UUID.randomUUID().toString(), address);
    }
    // The same account failing again is not another account.
    fail(first, address);
    assertThat(alerts("failing-accounts-per-address", address)).isZero();

    fail("unknown:" + UUID.randomUUID(), address);
    assertThat(alerts("failing-accounts-per-address", address)).isEqualTo(1);
    UUID alert = openAlert("failing-accounts-per-address", address);
    assertThat(
            owner
                .jdbc()
                .sql(
                    "select count(*) from audit_events where action = 'watch.alert_raised'"
                        + " and target_id = :id and chain_id = :platform")
                .param("id", alert.toString())
                .param("platform", new UUID(0, 0))
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            Prometheus.value(
                api, "pawkeep_watch_alerts_total", "rule=\"failing-accounts-per-address\""))
        .isEqualTo(raised + 1);
    Mailbox.Mail mail = Mailbox.awaitLatest(OPERATOR_MAIL, "Pawkeep alert", mails + 1);
    assertThat(mail.body()).contains(address).contains("failing-accounts-per-address");
    assertThat(mail.body()).doesNotContain("@").doesNotContain("unknown:");

    // A second burst, now and after the window, adds nothing while the alert is open.
    for (int i = 0; i < 12; i++) {
      fail(UUID.randomUUID().toString(), address);
    }
    clock.advance(Duration.ofMinutes(16));
    for (int i = 0; i < 12; i++) {
      fail(UUID.randomUUID().toString(), address);
    }
    assertThat(alerts("failing-accounts-per-address", address)).isEqualTo(1);
  }

  @Test
  void failuresSpreadBeyondTheWindowRaiseNothing() {
    String address = randomAddress();
    for (int i = 0; i < 9; i++) {
      fail(UUID.randomUUID().toString(), address);
    }
    clock.advance(Duration.ofMinutes(16));
    for (int i = 0; i < 9; i++) {
      fail(UUID.randomUUID().toString(), address);
    }
    assertThat(alerts("failing-accounts-per-address", address)).isZero();
  }

  @Test
  void oneAccountFailingFromManyAddressesRaisesOneAlert() {
    String account = UUID.randomUUID().toString();
    for (int i = 0; i < 4; i++) {
      fail(account, randomAddress());
    }
    assertThat(alerts("failing-addresses-per-account", account)).isZero();
    fail(account, randomAddress());
    assertThat(alerts("failing-addresses-per-account", account)).isEqualTo(1);
    for (int i = 0; i < 6; i++) {
      fail(account, randomAddress());
    }
    assertThat(alerts("failing-addresses-per-account", account)).isEqualTo(1);
  }

  @Test
  void signInsOfOneAccountFromManyAddressesInAShortTimeRaiseOneAlert() {
    String account = UUID.randomUUID().toString();
    for (int i = 0; i < 3; i++) {
      events.publishEvent(new SignInAttempt(account, randomAddress(), true));
    }
    // Failures from yet other addresses are not sign-ins.
    fail(account, randomAddress());
    // Signing in again from an address already counted is not a new one.
    String home = randomAddress();
    events.publishEvent(new SignInAttempt(account, home, true));
    events.publishEvent(new SignInAttempt(account, home, true));
    assertThat(alerts("sign-in-addresses-per-account", account)).isEqualTo(1);

    String slow = UUID.randomUUID().toString();
    for (int i = 0; i < 6; i++) {
      events.publishEvent(new SignInAttempt(slow, randomAddress(), true));
      clock.advance(Duration.ofMinutes(25));
    }
    assertThat(alerts("sign-in-addresses-per-account", slow)).isZero();
  }

  @Test
  void aFailedSignInThroughTheApiReachesTheRulesWithItsClientAddress() {
    String address = randomAddress();
    for (int i = 0; i < 10; i++) {
      ApiClient.Response r =
          api.send(
              "POST",
              "/api/v1/auth/login",
              Map.of("email", uniqueEmail("sprayed"), "password", "not-the-password"),
              null,
              Map.of("X-Forwarded-For", address));
      assertThat(r.status()).isEqualTo(401);
    }
    assertThat(alerts("failing-accounts-per-address", address)).isEqualTo(1);
  }

  @Test
  void revealingFarMoreThanOnesOwnUsualRaisesOneAlertAndTheUsualSetsTheBar() {
    UUID steady = UUID.fromString(userId(signedInUser("steady")));
    plantHistory(steady, "reveal", 2);
    reveal(steady, 20);
    assertThat(alerts("unusual-reveals", steady.toString())).isZero();
    reveal(steady, 1);
    assertThat(alerts("unusual-reveals", steady.toString())).isEqualTo(1);
    reveal(steady, 5);
    assertThat(alerts("unusual-reveals", steady.toString())).isEqualTo(1);

    // Someone who usually reveals ten a day is not unusual at fifty, only above.
    UUID busy = UUID.fromString(userId(signedInUser("busy")));
    plantHistory(busy, "reveal", 10);
    reveal(busy, 50);
    assertThat(alerts("unusual-reveals", busy.toString())).isZero();
    reveal(busy, 1);
    assertThat(alerts("unusual-reveals", busy.toString())).isEqualTo(1);
  }

  @Test
  void exportingFarMoreThanUsualRaisesOneAlertAboveTheFloor() {
    UUID person = UUID.fromString(userId(signedInUser("exporter")));
    asIdentity(
        person,
        db -> {
          for (int i = 0; i < 5; i++) {
            watch.exported(person);
          }
        });
    assertThat(alerts("unusual-exports", person.toString())).isZero();
    asIdentity(person, db -> watch.exported(person));
    assertThat(alerts("unusual-exports", person.toString())).isEqualTo(1);
  }

  @Test
  void nobodyCountsForSomeoneElse() {
    UUID person = UUID.fromString(userId(signedInUser("counted")));
    UUID other = UUID.fromString(userId(signedInUser("other")));
    asIdentity(other, db -> watch.revealed(person));
    assertThat(
            owner
                .jdbc()
                .sql("select count(*) from watch_activity where person_id = :p")
                .param("p", person)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void thePurgeForgetsAttemptsPastTheLongestWindowAndTalliesPastTheBaseline() {
    String address = randomAddress();
    fail(UUID.randomUUID().toString(), address);
    UUID person = UUID.fromString(userId(signedInUser("forgotten")));
    clock.advance(Duration.ofMinutes(61));
    // Planted after the clock moves, so an advance across midnight cannot age the oldest day out.
    plantHistory(person, "export", 1);
    String recent = randomAddress();
    fail(UUID.randomUUID().toString(), recent);

    purge.run();
    assertThat(attempts(address)).isZero();
    assertThat(attempts(recent)).isEqualTo(1);
    // The 30 days before today are the baseline and stay; nothing older is kept.
    assertThat(
            owner()
                .sql("select count(*) from watch_activity where person_id = :p")
                .param("p", person)
                .query(Long.class)
                .single())
        .isEqualTo(30);
  }

  private long attempts(String address) {
    return owner()
        .sql("select count(*) from watch_sign_ins where address = :a")
        .param("a", address)
        .query(Long.class)
        .single();
  }

  private void reveal(UUID person, int times) {
    asIdentity(
        person,
        db -> {
          for (int i = 0; i < times; i++) {
            watch.revealed(person);
          }
        });
  }

  /** {@code perDay} on each of the 30 days before today (the test's clock), as counted. */
  private void plantHistory(UUID person, String kind, int perDay) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    for (int d = 1; d <= 30; d++) {
      owner
          .jdbc()
          .sql(
              "insert into watch_activity (person_id, kind, day, count)"
                  + " values (:p, :k, :d, :c)")
          .param("p", person)
          .param("k", kind)
          .param("d", today.minusDays(d))
          .param("c", perDay)
          .update();
    }
  }

  private void fail(String account, String address) {
    events.publishEvent(new SignInAttempt(account, address, false));
  }

  private long alerts(String rule, String subject) {
    return owner()
        .sql("select count(*) from watch_alerts where rule = :rule and subject = :subject")
        .param("rule", rule)
        .param("subject", subject)
        .query(Long.class)
        .single();
  }

  private UUID openAlert(String rule, String subject) {
    return owner()
        .sql(
            "select id from watch_alerts where rule = :rule and subject = :subject"
                + " and closed_at is null")
        .param("rule", rule)
        .param("subject", subject)
        .query(UUID.class)
        .single();
  }

  private JdbcClient owner() {
    return owner.jdbc();
  }

  static String randomAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }
}
