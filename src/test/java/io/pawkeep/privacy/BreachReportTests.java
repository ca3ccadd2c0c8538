package io.pawkeep.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * PRIV-4: for a planted set of audit events, the breach report counts exactly the people,
 * households and records each window and filter covers, as JSON, as text and from the command; bad
 * input is a problem, a non-operator is refused, and each report is itself audited.
 */
class BreachReportTests extends ApiTestSupport {

  private static final String OPERATOR = "breach-operator@pawkeep.test";
  private static final String ADDRESS_A = "203.0.113.7";
  private static final String ADDRESS_B = "2001:db8:0:0:0:0:0:9";
  private static String operatorSecret;

  @Autowired private AuditTrail trail;
  @Autowired private OwnerDatabase owner;
  @Autowired private BreachReports reports;
  @Autowired private ApplicationContext context;

  private UUID alice;
  private UUID bob;
  private String aliceHome;
  private String bobHome;
  private String from;
  private String to;

  /**
   * Alice changes pets twice (one pet twice, one once) and reveals her home's secrets, from A; Bob
   * reads two clinical entries in his home and signs in, from B.
   */
  @BeforeEach
  void plant() throws InterruptedException {
    User a = signedInUser("alice");
    User b = signedInUser("bob");
    alice = UUID.fromString(userId(a));
    bob = UUID.fromString(userId(b));
    aliceHome = createHousehold(a, "Alice's home");
    bobHome = createHousehold(b, "Bob's home");
    String pet1 = UUID.randomUUID().toString();
    String pet2 = UUID.randomUUID().toString();
    // The requests above may still be finishing their own audit writes after their answers came
    // back; the window starts once they are done, so it holds only what is planted below.
    Thread.sleep(200);
    Instant start = Instant.now().minus(1, ChronoUnit.MILLIS);
    Thread.sleep(5);
    record(alice, UUID.fromString(aliceHome), "pet.updated", "pet", pet1, ADDRESS_A);
    record(alice, UUID.fromString(aliceHome), "pet.updated", "pet", pet1, ADDRESS_A);
    record(alice, UUID.fromString(aliceHome), "pet.updated", "pet", pet2, ADDRESS_A);
    record(
        alice,
        UUID.fromString(aliceHome),
        "access_secrets.revealed",
        "household",
        aliceHome,
        ADDRESS_A);
    record(bob, UUID.fromString(bobHome), "clinical.entry_read", "clinical_entry", "e1", ADDRESS_B);
    record(bob, UUID.fromString(bobHome), "clinical.entry_read", "clinical_entry", "e2", ADDRESS_B);
    record(bob, bob, "login.succeeded", "user", bob.toString(), ADDRESS_B);
    Thread.sleep(5);
    Instant end = Instant.now().plus(1, ChronoUnit.MILLIS);
    from = start.toString();
    to = end.toString();
  }

  @Test
  void theReportCountsPeopleHouseholdsAndRecordsOfTheWindow() {
    JsonNode r = report("", operator()).json();
    assertThat(r.path("events").asLong()).isEqualTo(7);
    assertThat(ids(r, "actors")).containsExactlyInAnyOrder(alice, bob);
    assertThat(ids(r, "people")).containsExactlyInAnyOrder(alice, bob);
    assertThat(ids(r, "households"))
        .containsExactlyInAnyOrder(UUID.fromString(aliceHome), UUID.fromString(bobHome));
    assertThat(r.path("addressCount").asLong()).isEqualTo(2);
    assertThat(touches(r))
        .containsExactlyInAnyOrder(
            "clinical_entry clinical.entry_read 2/2",
            "household access_secrets.revealed 1/1",
            "pet pet.updated 3/2",
            "user login.succeeded 1/1");
    JsonNode n = r.path("notification");
    assertThat(n.path("approximateDataSubjects").asLong()).isEqualTo(2);
    assertThat(n.path("approximateRecords").asLong()).isEqualTo(6);
    assertThat(n.path("categoriesOfRecords").toString())
        .contains("clinical_entry", "household", "pet", "user");
    assertThat(n.path("categoriesOfDataSubjects").size()).isEqualTo(2);
    assertThat(n.path("likelyConsequences").asString()).contains("to be completed");
    assertThat(n.path("contact").asString()).isNotBlank();
  }

  @Test
  void eachFilterNarrowsTheReport() {
    String token = operator();
    JsonNode byAlice = report("&actor=" + alice, token).json();
    assertThat(byAlice.path("events").asLong()).isEqualTo(4);
    assertThat(ids(byAlice, "households")).containsExactly(UUID.fromString(aliceHome));
    assertThat(ids(byAlice, "people")).containsExactly(alice);

    JsonNode aboutBob = report("&account=" + bob, token).json();
    assertThat(aboutBob.path("events").asLong()).isEqualTo(3);
    assertThat(touches(aboutBob))
        .containsExactlyInAnyOrder(
            "clinical_entry clinical.entry_read 2/2", "user login.succeeded 1/1");

    JsonNode fromA = report("&address=" + ADDRESS_A, token).json();
    assertThat(fromA.path("events").asLong()).isEqualTo(4);
    // An IPv6 address matches however it is written.
    JsonNode fromB = report("&address=2001:db8::9", token).json();
    assertThat(fromB.path("events").asLong()).isEqualTo(3);

    JsonNode none = report("&actor=" + bob + "&address=" + ADDRESS_A, token).json();
    assertThat(none.path("events").asLong()).isZero();
    assertThat(none.path("notification").path("approximateDataSubjects").asLong()).isZero();
  }

  @Test
  void theReportReadsAsTextWithTheNotificationsFieldsAndIsAudited() {
    String token = operator();
    ApiClient.Response text =
        api.send(
            "GET",
            "/api/v1/admin/breach-report?from=" + from + "&to=" + to + "&actor=" + alice,
            null,
            token,
            Map.of("Accept", "text/plain"));
    assertThat(text.status()).as(text.raw()).isEqualTo(200);
    assertThat(text.header("Content-Type")).startsWith("text/plain");
    assertThat(text.header("Cache-Control")).contains("no-store");
    assertThat(text.raw())
        .contains("GDPR ART. 33(3) NOTIFICATION")
        .contains("Approximate number of data subjects: 1")
        .contains("Approximate number of records: 3")
        .contains("pet  pet.updated  3 / 2")
        .contains(aliceHome)
        .contains("Likely consequences: (to be completed by the operator)");
    ApiClient.Response asFormat = report("&actor=" + alice + "&format=text", token);
    assertThat(asFormat.header("Content-Type")).startsWith("text/plain");

    assertThat(
            owner
                .jdbc()
                .sql(
                    "select count(*) from audit_events where action = 'privacy.breach_report'"
                        + " and actor_id is not null and detail->>'actor' = :actor")
                .param("actor", alice.toString())
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void badInputIsAProblem() {
    String token = operator();
    Instant now = Instant.now();
    for (String query :
        List.of(
            "?from=" + now + "&to=" + now.minusSeconds(60),
            "?from=" + now.minus(400, ChronoUnit.DAYS) + "&to=" + now,
            "?from=" + from + "&to=" + to + "&address=example.org",
            "?from=" + from + "&to=" + to + "&address=999.1.1.1",
            "?from=" + from + "&to=" + to + "&actor=someone",
            "?from=yesterday&to=" + to,
            "?to=" + to)) {
      ApiClient.Response r = api.get("/api/v1/admin/breach-report" + query, token);
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
    }
  }

  @Test
  void someoneWhoIsNotAnOperatorIsRefused() {
    User mallory = signedInUser("mallory");
    ApiClient.Response r = report("", mallory.accessToken());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.raw()).doesNotContain(aliceHome).doesNotContain(alice.toString());
    assertThat(report("", null).status()).isEqualTo(401);
  }

  @Test
  void theApplicationRoleCannotAskTheDatabaseWhatIdsAre() {
    assertThatThrownBy(
            () ->
                asIdentity(
                    alice,
                    db ->
                        db.sql("select count(*) from pawkeep_breach_kinds(array[:id]::uuid[])")
                            .param("id", UUID.fromString(aliceHome))
                            .query(Long.class)
                            .single()))
        .rootCause()
        .hasMessageContaining("permission denied");
  }

  @Test
  void theCommandPrintsTheReportAndFailsOnABadWindow() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("pawkeep.breach.report", from + "/" + to)
            .withProperty("pawkeep.breach.account", bob.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new BreachReportCommand(reports, context, environment)
            .execute(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Events: 3")
        .contains("clinical_entry  clinical.entry_read  2 / 2")
        .contains(bobHome);

    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    int refused =
        new BreachReportCommand(
                reports, context, new MockEnvironment().withProperty("pawkeep.breach.report", to))
            .execute(new PrintStream(bad, true, StandardCharsets.UTF_8));
    assertThat(refused).isEqualTo(1);
  }

  private void record(
      UUID actor, UUID chain, String action, String type, String target, String address) {
    asIdentity(
        actor,
        db -> trail.record(new AuditEvent(chain, actor, action, type, target, address, Map.of())));
  }

  private ApiClient.Response report(String filters, String token) {
    return api.get("/api/v1/admin/breach-report?from=" + from + "&to=" + to + filters, token);
  }

  private static List<UUID> ids(JsonNode report, String field) {
    return report.path(field).valueStream().map(n -> UUID.fromString(n.asString())).toList();
  }

  private static List<String> touches(JsonNode report) {
    return report
        .path("records")
        .valueStream()
        .map(
            t ->
                t.path("kind").asString()
                    + " "
                    + t.path("action").asString()
                    + " "
                    + t.path("events").asLong()
                    + "/"
                    + t.path("records").asLong())
        .toList();
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
