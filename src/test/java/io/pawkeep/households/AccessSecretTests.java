package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AccessSecretTests extends ApiTestSupport {

  private static final String ALARM = "alarm-8142-planted";

  @Autowired OwnerDatabase schemaOwner;

  @Test
  void ownerRevealsSecretsAndSeesEveryRevealWithWhoWhenWhichAndWhy() {
    User owner = signedInUser("owner");
    String id = household(owner);
    assertThat(write(owner, id, Map.of("alarmCode", ALARM, "wifiName", "BarkNet")).status())
        .isEqualTo(204);
    ApiClient.Response revealed =
        reveal(owner, id, Map.of("fields", List.of("alarmCode"), "reason", "holiday check"));
    assertThat(revealed.status()).isEqualTo(200);
    assertThat(revealed.text("alarmCode")).isEqualTo(ALARM);
    assertThat(revealed.json().has("wifiName")).isFalse();
    assertThat(revealed.header("Cache-Control")).isEqualTo("no-store");

    ApiClient.Response log =
        api.get("/api/v1/households/" + id + "/access-secrets/reveals", owner.accessToken());
    assertThat(log.items().size()).isEqualTo(1);
    assertThat(log.items().get(0).path("reason").asString()).isEqualTo("holiday check");
    assertThat(log.items().get(0).path("fields").get(0).asString()).isEqualTo("alarmCode");
    assertThat(api.get("/api/v1/households/" + id + "/audit", owner.accessToken()).raw())
        .contains("access_secrets.revealed")
        .doesNotContain(ALARM);
  }

  @Test
  void secretsAreNeverReturnedByOrdinaryReadsNorStoredInPlaintext() {
    User owner = signedInUser("owner");
    String id = household(owner);
    write(owner, id, Map.of("alarmCode", ALARM));
    assertThat(api.get("/api/v1/households/" + id, owner.accessToken()).raw())
        .doesNotContain(ALARM);
    assertThat(api.get("/api/v1/households/" + id + "/members", owner.accessToken()).raw())
        .doesNotContain(ALARM);
    String raw =
        schemaOwner
            .jdbc()
            .sql(
                "select encode(alarm_code, 'escape') from access_secrets where household_id = ?::uuid")
            .param(id)
            .query(String.class)
            .single();
    assertThat(raw).doesNotContain(ALARM).doesNotContain("8142");
  }

  @Test
  void sitterRevealsOnlyInsideTheirSittingWindow() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String id = household(owner);
    write(owner, id, Map.of("lockboxCode", "0451"));
    join(owner, id, sitter, "sitter");
    String sitterId = api.get("/api/v1/me", sitter.accessToken()).text("id");
    assertThat(reveal(sitter, id, Map.of()).status()).isEqualTo(403);

    Instant now = clock.instant();
    api.send(
        "PATCH",
        "/api/v1/households/" + id + "/members/" + sitterId,
        Map.of(
            "role", "sitter",
            "sittingFrom", now.minus(Duration.ofHours(1)).toString(),
            "sittingUntil", now.plus(Duration.ofMinutes(10)).toString()),
        owner.accessToken(),
        Map.of());
    ApiClient.Response inside = reveal(sitter, id, Map.of("reason", "walk at noon"));
    assertThat(inside.status()).isEqualTo(200);
    assertThat(inside.text("lockboxCode")).isEqualTo("0451");

    clock.advance(Duration.ofMinutes(11)); // the window has ended; the tokens still live
    assertThat(reveal(sitter, id, Map.of()).status()).isEqualTo(403);
    assertThat(
            api.get("/api/v1/households/" + id + "/access-secrets/reveals", sitter.accessToken())
                .status())
        .isEqualTo(403);
  }

  @Test
  void theDatabaseHidesSecretsFromASitterOutsideTheirWindowEvenIfTheCodeForgetsToCheck() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String id = household(owner);
    write(owner, id, Map.of("lockboxCode", "0451"));
    join(owner, id, sitter, "sitter");
    UUID sitterId = UUID.fromString(api.get("/api/v1/me", sitter.accessToken()).text("id"));
    Instant from = clock.instant().plus(Duration.ofHours(1));
    Instant until = from.plus(Duration.ofHours(2));
    api.send(
        "PATCH",
        "/api/v1/households/" + id + "/members/" + sitterId,
        Map.of("role", "sitter", "sittingFrom", from.toString(), "sittingUntil", until.toString()),
        owner.accessToken(),
        Map.of());

    assertThat(rowsVisibleTo(sitterId, id, from.minusSeconds(1))).isZero();
    assertThat(rowsVisibleTo(sitterId, id, from)).isOne();
    assertThat(rowsVisibleTo(sitterId, id, until)).isZero();
  }

  @Test
  void onlyOwnersWriteAndStrangersSeeNothing() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    User stranger = signedInUser("stranger");
    String id = household(owner);
    write(owner, id, Map.of("alarmCode", ALARM));
    join(owner, id, member, "member");
    assertThat(write(member, id, Map.of("alarmCode", "0000")).status()).isEqualTo(403);
    assertThat(reveal(member, id, Map.of()).text("alarmCode")).isEqualTo(ALARM);
    assertThat(write(stranger, id, Map.of("alarmCode", "0000")).status()).isEqualTo(404);
    assertThat(reveal(stranger, id, Map.of()).status()).isEqualTo(404);
    assertThat(reveal(owner, id, Map.of()).text("alarmCode")).isEqualTo(ALARM);
  }

  @Test
  void revealingWithNoSecretsOrUnknownFieldsAnswersProblemDetails() {
    User owner = signedInUser("owner");
    String id = household(owner);
    ApiClient.Response none = reveal(owner, id, Map.of());
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.text("type")).isEqualTo("urn:pawkeep:problem:no-access-secrets");
    write(owner, id, Map.of("alarmCode", ALARM));
    assertThat(reveal(owner, id, Map.of("fields", List.of("password"))).status()).isEqualTo(400);
    assertThat(write(owner, id, Map.of("alarmCode", "9".repeat(65))).status()).isEqualTo(400);
  }

  /** Reads the secrets row straight from the database as the sitter, at the request time given. */
  private long rowsVisibleTo(UUID user, String household, Instant requestTime) {
    return asIdentity(
        user,
        null,
        requestTime,
        sql ->
            sql.sql("select count(*) from access_secrets where household_id = ?::uuid")
                .param(household)
                .query(Long.class)
                .single());
  }

  private String household(User owner) {
    return createHousehold(owner, "Secrets");
  }

  private ApiClient.Response write(User user, String id, Map<String, Object> body) {
    return api.send(
        "PUT", "/api/v1/households/" + id + "/access-secrets", body, user.accessToken(), Map.of());
  }

  private ApiClient.Response reveal(User user, String id, Map<String, Object> body) {
    return api.post(
        "/api/v1/households/" + id + "/access-secrets/reveal", body, user.accessToken());
  }
}
