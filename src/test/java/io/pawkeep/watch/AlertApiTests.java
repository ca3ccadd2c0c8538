package io.pawkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.accounts.SignInAttempt;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;

/**
 * LOG-3: operators list and close alerts through the API; anyone else is refused, by the API and by
 * the database itself (row-level security on the alerts, no insert grant).
 */
class AlertApiTests extends ApiTestSupport {

  private static final String OPERATOR = "watch-operator@pawkeep.test";
  private static String operatorSecret;

  @Autowired private ApplicationEventPublisher events;
  @Autowired private OwnerDatabase owner;

  @Test
  void anOperatorListsOpenAlertsClosesOneAndANewBurstRaisesANewOne() {
    String token = operator();
    String account = raiseFailingAddressesAlert();

    JsonNode open = find(api.all("/api/v1/admin/alerts", token), account);
    assertThat(open).isNotNull();
    assertThat(open.path("rule").asString()).isEqualTo("failing-addresses-per-account");
    assertThat(open.path("title").asString()).contains("many addresses");
    assertThat(open.path("detail").path("failingAddresses").asLong()).isEqualTo(5);
    String id = open.path("id").asString();

    ApiClient.Response closed = api.post("/api/v1/admin/alerts/" + id + "/close", null, token);
    assertThat(closed.status()).as(closed.raw()).isEqualTo(200);
    assertThat(closed.json().path("closedAt").isNull()).isFalse();
    assertThat(api.post("/api/v1/admin/alerts/" + id + "/close", null, token).status())
        .isEqualTo(409);
    assertThat(find(api.all("/api/v1/admin/alerts", token), account)).isNull();
    assertThat(find(api.all("/api/v1/admin/alerts?state=closed", token), account)).isNotNull();
    assertThat(
            owner
                .jdbc()
                .sql(
                    "select count(*) from audit_events where action = 'watch.alert_closed'"
                        + " and target_id = :id and actor_id is not null")
                .param("id", id)
                .query(Long.class)
                .single())
        .isEqualTo(1);

    // Closed: the next failure crossing the threshold raises a new alert.
    fail(account, AnomalyRulesTests.randomAddress());
    JsonNode again = find(api.all("/api/v1/admin/alerts", token), account);
    assertThat(again).isNotNull();
    assertThat(again.path("id").asString()).isNotEqualTo(id);
  }

  @Test
  void badInputIsAProblem() {
    String token = operator();
    ApiClient.Response state = api.get("/api/v1/admin/alerts?state=everything", token);
    assertThat(state.status()).isEqualTo(400);
    assertThat(state.header("Content-Type")).contains("application/problem+json");
    assertThat(
            api.post("/api/v1/admin/alerts/" + UUID.randomUUID() + "/close", null, token).status())
        .isEqualTo(404);
    assertThat(api.post("/api/v1/admin/alerts/nope/close", null, token).status()).isEqualTo(400);
  }

  @Test
  void someoneWhoIsNotAnOperatorIsRefusedAndChangesNothing() {
    String account = raiseFailingAddressesAlert();
    UUID id = openAlert(account);
    User mallory = signedInUser("mallory");
    assertThat(api.get("/api/v1/admin/alerts", mallory.accessToken()).status()).isEqualTo(403);
    assertThat(
            api.post("/api/v1/admin/alerts/" + id + "/close", null, mallory.accessToken()).status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/admin/alerts", null).status()).isEqualTo(401);
    assertThat(openAlert(account)).isEqualTo(id);
  }

  @Test
  void theDatabaseShowsAlertsToOperatorsOnlyAndOpensThemOnlyThroughItsFunction() {
    String account = raiseFailingAddressesAlert();
    UUID id = openAlert(account);
    UUID mallory = UUID.fromString(userId(signedInUser("mallory")));
    asIdentity(
        mallory,
        db -> {
          assertThat(
                  db.sql("select count(*) from watch_alerts where id = :id")
                      .param("id", id)
                      .query(Long.class)
                      .single())
              .isZero();
          assertThat(
                  db.sql(
                          "update watch_alerts set closed_at = now(), closed_by = :me"
                              + " where id = :id")
                      .param("me", mallory)
                      .param("id", id)
                      .update())
              .isZero();
        });
    assertThatThrownBy(
            () ->
                asIdentity(
                    mallory,
                    db ->
                        db.sql(
                                "insert into watch_alerts (id, rule, subject, opened_at)"
                                    + " values (gen_random_uuid(), 'x', 'y', now())")
                            .update()))
        .rootCause()
        .hasMessageContaining("permission denied");
    assertThatThrownBy(
            () ->
                asIdentity(
                    mallory,
                    db -> db.sql("select count(*) from watch_sign_ins").query(Long.class).single()))
        .rootCause()
        .hasMessageContaining("permission denied");
    assertThat(openAlert(account)).isEqualTo(id);
  }

  /** Five addresses failing on one account: the rule's default threshold. */
  private String raiseFailingAddressesAlert() {
    String account = UUID.randomUUID().toString();
    for (int i = 0; i < 5; i++) {
      fail(account, AnomalyRulesTests.randomAddress());
    }
    return account;
  }

  private void fail(String account, String address) {
    events.publishEvent(new SignInAttempt(account, address, false));
  }

  private UUID openAlert(String account) {
    return owner
        .jdbc()
        .sql(
            "select id from watch_alerts where subject = :s and closed_at is null"
                + " and rule = 'failing-addresses-per-account'")
        .param("s", account)
        .query(UUID.class)
        .single();
  }

  private static JsonNode find(java.util.List<JsonNode> alerts, String subject) {
    return alerts.stream()
        .filter(a -> a.path("subject").asString().equals(subject))
        .findFirst()
        .orElse(null);
  }

  /** The allowlisted operator, signed in with password and TOTP. */
  private String operator() {
    if (operatorSecret == null) {
      registerVerified(OPERATOR, PASSWORD);
      ApiClient.Response first = login(OPERATOR, PASSWORD);
      operatorSecret =
          enrolTotp(
              new User(
                  OPERATOR, PASSWORD, first.text("access_token"), first.text("refresh_token")));
    }
    ApiClient.Response r = loginWithTotp(OPERATOR, PASSWORD, operatorSecret);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.text("access_token");
  }
}
