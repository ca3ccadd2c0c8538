package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/** API keys (AUTH-7): shown once, stored hashed, scoped, revocable, and never a user. */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyTests extends BusinessTestSupport {

  @Autowired OwnerDatabase owner;

  @Test
  void secretIsShownOnceStoredOnlyAsItsHashAndNeverLogged(CapturedOutput output) throws Exception {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Keys");
    ApiClient.Response created = createKey(boss, id, List.of("clients.read"), null);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.header("Cache-Control")).contains("no-store");
    String secret = created.text("secret");
    String keyId = created.text("id");
    assertThat(secret).startsWith("pk_live_" + keyId.replace("-", "") + "_").hasSize(84);
    assertThat(use(secret, "/api/v1/businesses/" + id + "/clients").status()).isEqualTo(200);

    ApiClient.Response listed = api.get(keysPath(id), boss.accessToken());
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.items().get(0).path("id").asString()).isEqualTo(keyId);
    assertThat(listed.items().get(0).path("permissions").get(0).asString())
        .isEqualTo("clients.read");
    assertThat(listed.items().get(0).path("lastUsedAt").isNull()).isFalse();
    assertThat(listed.raw()).doesNotContain(secret).doesNotContain("secret").doesNotContain("hash");
    assertThat(api.get("/api/v1/businesses/" + id + "/audit", boss.accessToken()).raw())
        .contains("api_key.created")
        .doesNotContain(secret);

    byte[] stored =
        owner
            .jdbc()
            .sql("select secret_hash from api_keys where id = ?")
            .param(UUID.fromString(keyId))
            .query(byte[].class)
            .single();
    assertThat(stored)
        .isEqualTo(
            MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    String everyColumn =
        owner
            .jdbc()
            .sql("select a::text from api_keys a where id = ?")
            .param(UUID.fromString(keyId))
            .query(String.class)
            .single();
    assertThat(everyColumn).doesNotContain(secret).doesNotContain(secret.substring(41));
    assertThat(output.getAll()).doesNotContain(secret).doesNotContain(secret.substring(41));
  }

  @Test
  void theApplicationRoleCannotReadTheHashNorCreateAKeyWiderThanItsCreator() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Hashes");
    User walker = signedInUser("walker");
    hire(boss, id, walker, "staff");
    String keyId = createKey(boss, id, List.of("clients.read"), null).text("id");

    assertThatThrownBy(
            () ->
                asCaller(
                    boss,
                    sql ->
                        sql.sql("select secret_hash from api_keys where id = ?")
                            .param(UUID.fromString(keyId))
                            .query(byte[].class)
                            .list()))
        .isInstanceOf(DataAccessException.class);
    // A walker (no settings.manage) and a boss asking for a permission nobody holds here are
    // refused by row-level security, whatever the code does.
    assertThatThrownBy(() -> asCaller(walker, sql -> insertKey(sql, id, walker, "clients.read")))
        .isInstanceOf(DataAccessException.class);
    User clerk = signedInUser("clerk");
    hire(boss, id, clerk, "accountant");
    changeMember(boss, id, clerk, Map.of("permissions", Map.of("settings.manage", "grant")));
    int inserted = asCaller(clerk, sql -> insertKey(sql, id, clerk, "billing.read"));
    assertThat(inserted).isEqualTo(1);
    assertThatThrownBy(() -> asCaller(clerk, sql -> insertKey(sql, id, clerk, "clients.read")))
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void aCreatorMayOnlyGrantPermissionsTheyHold() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Grants");
    User clerk = signedInUser("clerk");
    hire(boss, id, clerk, "accountant");
    changeMember(boss, id, clerk, Map.of("permissions", Map.of("settings.manage", "grant")));

    assertThat(createKey(clerk, id, List.of("billing.read"), null).status()).isEqualTo(201);
    assertThat(createKey(clerk, id, List.of("billing.read", "clients.read"), null).status())
        .isEqualTo(403);
    assertThat(createKey(clerk, id, List.of("no.such"), null).status()).isEqualTo(400);
    assertThat(createKey(clerk, id, List.of(), null).status()).isEqualTo(400);
    Instant past = clock.instant().minusSeconds(1);
    assertThat(createKey(clerk, id, List.of("billing.read"), past).status()).isEqualTo(400);
    User walker = signedInUser("walker");
    hire(boss, id, walker, "staff");
    assertThat(createKey(walker, id, List.of("clients.read"), null).status()).isEqualTo(403);
    assertThat(api.get(keysPath(id), walker.accessToken()).status()).isEqualTo(403);
    assertThat(api.get(keysPath(id), signedInUser("stranger").accessToken()).status())
        .isEqualTo(404);
  }

  @Test
  void aKeyHoldsOnlyItsScopeAndARevokedKeyFailsOnItsNextRequest() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Scope");
    ApiClient.Response created = createKey(boss, id, List.of("clients.read"), null);
    String secret = created.text("secret");

    ApiClient.Response business = use(secret, "/api/v1/businesses/" + id);
    assertThat(business.status()).as(business.raw()).isEqualTo(200);
    assertThat(business.text("role")).isEqualTo("api_key");
    assertThat(business.json().path("permissions").size()).isEqualTo(1);
    assertThat(use(secret, "/api/v1/businesses/" + id + "/clients").status()).isEqualTo(200);
    assertThat(use(secret, "/api/v1/businesses/" + id + "/audit").status()).isEqualTo(403);

    String revoke = keysPath(id) + "/" + created.text("id");
    assertThat(api.delete(revoke, null, boss.accessToken()).status()).isEqualTo(204);
    ApiClient.Response refused = use(secret, "/api/v1/businesses/" + id + "/clients");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.raw()).isEqualTo(api.get("/api/v1/businesses/" + id, "bad.token").raw());
    assertThat(api.get(keysPath(id), boss.accessToken()).items().get(0).path("revokedAt").isNull())
        .isFalse();
    assertThat(
            api.delete(keysPath(id) + "/" + UUID.randomUUID(), null, boss.accessToken()).status())
        .isEqualTo(404);
  }

  @Test
  void expiredTamperedAndMalformedKeysGetTheGeneric401() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Expiry");
    String clients = "/api/v1/businesses/" + id + "/clients";
    String secret =
        createKey(boss, id, List.of("clients.read"), clock.instant().plus(Duration.ofHours(1)))
            .text("secret");
    assertThat(use(secret, clients).status()).isEqualTo(200);

    String last = secret.substring(secret.length() - 1);
    String tampered = secret.substring(0, secret.length() - 1) + ("A".equals(last) ? "B" : "A");
    String generic = api.get(clients, "bad.token").raw();
    for (String bad : List.of(tampered, "pk_live_nothing", secret + "x", "")) {
      ApiClient.Response r = use(bad, clients);
      assertThat(r.status()).as(bad).isEqualTo(401);
      assertThat(r.raw()).isEqualTo(generic);
    }
    clock.advance(Duration.ofHours(1));
    assertThat(use(secret, clients).status()).isEqualTo(401);
  }

  @Test
  void aKeyOfOneBusinessSeesAnotherExactlyLikeAMissingOne() {
    User boss = withSecondFactor("boss");
    String a = createBusiness(boss, "care_company", "A");
    String b = createBusiness(boss, "care_company", "B");
    String secret = createKey(boss, a, List.of("clients.read", "audit.read"), null).text("secret");
    String missing = UUID.randomUUID().toString();
    for (String route : List.of("", "/clients", "/audit")) {
      ApiClient.Response other = use(secret, "/api/v1/businesses/" + b + route);
      ApiClient.Response none = use(secret, "/api/v1/businesses/" + missing + route);
      assertThat(other.status()).as(route + ": " + other.raw()).isEqualTo(404);
      assertThat(none.status()).as(route).isEqualTo(404);
      assertThat(other.header("Content-Type")).as(route).isEqualTo(none.header("Content-Type"));
      // The whole body but the path it was asked at.
      assertThat(((ObjectNode) other.json()).without("instance"))
          .as(route)
          .isEqualTo(((ObjectNode) none.json()).without("instance"));
    }
    // The key reads its own business: the refusals above are about the other one.
    assertThat(use(secret, "/api/v1/businesses/" + a + "/clients").status()).isEqualTo(200);
  }

  @Test
  void demotingTheCreatorShrinksTheKeyAndRemovingThemEndsIt() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Demotion");
    User manager = withSecondFactor("manager");
    hire(boss, id, manager, "manager");
    String secret =
        createKey(manager, id, List.of("clients.read", "audit.read"), null).text("secret");
    String clients = "/api/v1/businesses/" + id + "/clients";
    String audit = "/api/v1/businesses/" + id + "/audit";
    assertThat(use(secret, audit).status()).isEqualTo(200);

    assertThat(changeMember(boss, id, manager, Map.of("role", "staff")).status()).isEqualTo(200);
    assertThat(use(secret, audit).status()).isEqualTo(403);
    assertThat(use(secret, clients).status()).isEqualTo(200);

    String member = "/api/v1/businesses/" + id + "/staff/" + userId(manager);
    assertThat(api.delete(member, null, boss.accessToken()).status()).isEqualTo(204);
    assertThat(use(secret, clients).status()).isEqualTo(401);
  }

  @Test
  void aKeyNeverReachesUserOnlyRoutes() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Fences");
    String household = createHousehold(boss, "Boss Home");
    String secret =
        createKey(boss, id, List.of("settings.manage", "staff.manage"), null).text("secret");
    for (String path :
        List.of(
            "/api/v1/me",
            "/api/v1/me/sessions",
            "/api/v1/businesses",
            "/api/v1/households",
            "/api/v1/households/" + household,
            "/api/v1/households/" + household + "/businesses",
            "/api/v1/households/" + household + "/audit",
            keysPath(id),
            "/api/v1/businesses/" + id + "/staff")) {
      assertThat(use(secret, path).status()).as(path).isEqualTo(403);
    }
    Map<String, String> key = Map.of("Authorization", "ApiKey " + secret);
    assertThat(
            api.send(
                    "POST",
                    keysPath(id),
                    Map.of("name", "x", "permissions", List.of("settings.manage")),
                    null,
                    key)
                .status())
        .isEqualTo(403);
    assertThat(
            api.send("PATCH", "/api/v1/businesses/" + id, Map.of("name", "Taken"), null, key)
                .status())
        .isEqualTo(403);
    assertThat(api.send("DELETE", "/api/v1/me/sessions", null, null, key).status()).isEqualTo(403);
    assertThat(
            api.send(
                    "POST",
                    "/api/v1/me/password",
                    Map.of("currentPassword", PASSWORD, "newPassword", PASSWORD + "x"),
                    null,
                    key)
                .status())
        .isEqualTo(403);
    assertThat(api.send("POST", "/api/v1/me/totp", null, null, key).status()).isEqualTo(403);
    // And even if a route let it through, the database gives a key no user and no household.
    assertThat(use(secret, "/api/v1/businesses/" + id).text("name")).isEqualTo("Fences");
  }

  @Test
  void lastUseIsRecordedAtMostOnceAMinute() {
    User boss = withSecondFactor("boss");
    String id = createBusiness(boss, "care_company", "Usage");
    String secret = createKey(boss, id, List.of("clients.read"), null).text("secret");
    String clients = "/api/v1/businesses/" + id + "/clients";
    assertThat(lastUsed(boss, id)).isNull();
    use(secret, clients);
    String first = lastUsed(boss, id);
    assertThat(first).isNotNull();
    clock.advance(Duration.ofSeconds(30));
    use(secret, clients);
    assertThat(lastUsed(boss, id)).isEqualTo(first);
    clock.advance(Duration.ofSeconds(31));
    use(secret, clients);
    assertThat(lastUsed(boss, id)).isNotEqualTo(first);
  }

  private String lastUsed(User boss, String business) {
    return api.get(keysPath(business), boss.accessToken())
        .items()
        .get(0)
        .path("lastUsedAt")
        .asString(null);
  }

  private ApiClient.Response createKey(
      User caller, String business, List<String> permissions, Instant expiresAt) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("name", "Integration");
    body.put("permissions", permissions);
    if (expiresAt != null) {
      body.put("expiresAt", expiresAt.toString());
    }
    return api.post(keysPath(business), body, caller.accessToken());
  }

  private ApiClient.Response use(String secret, String path) {
    return api.send("GET", path, null, null, Map.of("Authorization", "ApiKey " + secret));
  }

  private static String keysPath(String business) {
    return "/api/v1/businesses/" + business + "/api-keys";
  }

  private int insertKey(JdbcClient sql, String business, User creator, String permission) {
    return sql.sql(
            """
            insert into api_keys (id, business_id, name, scope, secret_hash, created_by, created_at)
            values (?, ?, 'direct', array[?], ?, pawkeep_current_user(), now())
            """)
        .params(UUID.randomUUID(), UUID.fromString(business), permission, new byte[32])
        .update();
  }
}
