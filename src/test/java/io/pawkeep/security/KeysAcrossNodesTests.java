package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pawkeep.PawkeepApplication;
import io.pawkeep.accounts.AccountFixture;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.crypto.KeyRotation;
import io.pawkeep.crypto.ShreddedTenants;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.MutableClock;
import io.pawkeep.testing.TestClockConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Key rotations done on one node are honoured by the other (AVAIL-4): two application contexts, as
 * two nodes, on one embedded database and one data folder (its own, so rotating here disturbs no
 * other test), started once for every case. Access-token signing keys (SESS-1) and tenants' data
 * keys (CRYPTO-2, CRYPTO-3). Both nodes read the same movable time, as servers synchronised by NTP
 * would; with the time still, a node reloads its signing keys only when a token or a rotation makes
 * it, so each case says exactly which of them did. Both nodes are configured with signing keys as
 * an installation from before shared keys was, which the first start imports (the first case,
 * before any rotation).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysAcrossNodesTests {

  private static final Path DATA = Path.of("target/test-data-keys-across-nodes");
  private static final String ROTATION_JOB = "signing-key-rotation";
  private static final String PASSWORD = "tawny-otter-chases-seven-kites";
  private static final byte[] PLAIN = "Fed at 7, 12 and 18".getBytes(StandardCharsets.UTF_8);

  private static ConfigurableApplicationContext nodeA;
  private static ConfigurableApplicationContext nodeB;
  private static ApiClient apiA;
  private static ApiClient apiB;
  private static SigningKeys keysA;
  private static SigningKeys keysB;
  private static UUID signer;

  // Configured as an installation from before shared keys was: k2 signs, k1 still verifies.
  private static final byte[] CONFIGURED_K1 = randomKey();
  private static final byte[] CONFIGURED_K2 = randomKey();

  @BeforeAll
  static void startTwoNodes() {
    FileSystemUtils.deleteRecursively(DATA.toFile());
    nodeA = start(true);
    nodeB = start(false);
    apiA = client(nodeA);
    apiB = client(nodeB);
    keysA = nodeA.getBean(SigningKeys.class);
    keysB = nodeB.getBean(SigningKeys.class);
    signer = account("signer");
  }

  @AfterAll
  static void stopBothNodes() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  /** Each case starts past the unknown-key reload interval, with B's keys freshly loaded. */
  @BeforeEach
  void moveOnAndLoad() {
    advance(Duration.ofSeconds(2));
    keysB.reload();
    keysA.reload();
  }

  @Test
  @Order(1)
  void theConfiguredKeysOfAnExistingInstallationAreImportedOnFirstStartSoItsTokensStayValid()
      throws Exception {
    UUID user = account("configured");
    String issued = fixture(nodeB).signIn(user).accessToken();
    assertThat(keyId(issued)).isEqualTo("k2");
    JWTClaimsSet claims = SignedTokens.claimsOf(issued);
    for (ApiClient node : List.of(apiA, apiB)) {
      assertThat(node.get("/api/v1/me", SignedTokens.sign(claims, "k2", CONFIGURED_K2)).status())
          .isEqualTo(200);
      assertThat(node.get("/api/v1/me", SignedTokens.sign(claims, "k1", CONFIGURED_K1)).status())
          .as("the configured key that no longer signs verifies for a token's lifetime")
          .isEqualTo(200);
    }
    assertThat(
            owner()
                .sql("select key_id from signing_keys where retired_at is null")
                .query(String.class)
                .single())
        .isEqualTo("k2");
    assertThat(indexOf(wrapped("k2"), CONFIGURED_K2)).as("stored wrapped only").isEqualTo(-1);
  }

  @Test
  void aKeyRotatedOnOneNodeVerifiesOnTheOtherAtOnceThroughOneReloadAndSignsThereFromThen() {
    UUID user = account("rotated");
    String before = fixture(nodeA).signIn(user).accessToken();
    assertThat(apiB.get("/api/v1/me", before).status()).isEqualTo(200);

    String rotated = keysA.rotate();
    String after = fixture(nodeA).signIn(user).accessToken();
    assertThat(keyId(after)).isEqualTo(rotated);
    assertThat(keysB.current().activeKeyId()).as("B has not reloaded yet").isNotEqualTo(rotated);
    int reloads = keysB.unknownKeyReloads();

    assertThat(apiB.get("/api/v1/me", after).status()).isEqualTo(200);
    assertThat(keysB.unknownKeyReloads()).isEqualTo(reloads + 1);
    assertThat(keyId(issuedBy(nodeB))).isEqualTo(rotated);
    assertThat(apiB.get("/api/v1/me", before).status())
        .as("a token signed before the rotation stays valid until it expires")
        .isEqualTo(200);
    assertThat(apiA.get("/api/v1/me", before).status()).isEqualTo(200);
  }

  @Test
  void aNodeThatSeesNoTokenOfTheNewKeySignsWithItOnceTheRefreshIntervalHasPassed() {
    UUID user = account("refresh");
    String rotated = keysA.rotate();
    int reloads = keysB.unknownKeyReloads();

    String meanwhile = issuedBy(nodeB, user);
    assertThat(keyId(meanwhile)).as("within the interval").isNotEqualTo(rotated);
    assertThat(apiA.get("/api/v1/me", meanwhile).status())
        .as("what B signs meanwhile is accepted everywhere")
        .isEqualTo(200);

    advance(nodeB.getBean(JwtProperties.class).keyRefreshInterval());
    await().atMost(Duration.ofSeconds(20)).until(() -> rotated.equals(keyId(issuedBy(nodeB))));
    assertThat(keysB.unknownKeyReloads())
        .as("the periodic refresh, not a token")
        .isEqualTo(reloads);
  }

  @Test
  void aTokenSignedWithARetiredKeyIsRefusedOnceItsTimeIsOverAndTheKeyIsThenDeleted()
      throws Exception {
    UUID user = account("retired");
    String retiredId = keysA.current().activeKeyId();
    byte[] retiredKey = keysA.current().activeKey();
    keysA.rotate();
    keysB.reload();
    String fresh = fixture(nodeA).signIn(user).accessToken();
    assertThat(
            apiB.get(
                    "/api/v1/me",
                    SignedTokens.sign(SignedTokens.claimsOf(fresh), retiredId, retiredKey))
                .status())
        .as("a retired key verifies during its time")
        .isEqualTo(200);

    advance(nodeA.getBean(JwtProperties.class).retiredKeyLifetime().plusSeconds(1));
    String later = fixture(nodeA).signIn(user).accessToken();
    assertThat(apiB.get("/api/v1/me", later).status()).isEqualTo(200);
    assertThat(
            apiB.get(
                    "/api/v1/me",
                    SignedTokens.sign(SignedTokens.claimsOf(later), retiredId, retiredKey))
                .status())
        .as("a fresh token under the retired key, as one who stole it would make")
        .isEqualTo(401);
    assertThat(
            apiA.get(
                    "/api/v1/me",
                    SignedTokens.sign(SignedTokens.claimsOf(later), retiredId, retiredKey))
                .status())
        .isEqualTo(401);

    assertThat(keysA.rotateIfDue()).as("not due: the signing key is new").isFalse();
    assertThat(
            owner()
                .sql("select count(*) from signing_keys where key_id = :id")
                .param("id", retiredId)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void theScheduledRotationReplacesASigningKeyOlderThanItsMaximumAgeOnOneNodeAtATime() {
    String active = keysA.current().activeKeyId();
    assertThat(keysA.rotateIfDue()).isFalse();
    advance(nodeA.getBean(JwtProperties.class).keyMaxAge());
    freeTheRotationLock();
    try {
      // The other node holds the job's lock: this node skips its run.
      Optional<SimpleLock> otherNode =
          nodeB
              .getBean(LockProvider.class)
              .lock(
                  new LockConfiguration(
                      Instant.now(), ROTATION_JOB, Duration.ofMinutes(5), Duration.ZERO));
      assertThat(otherNode).isPresent();
      keysA.scheduledRotation();
      assertThat(activeInTheDatabase()).isEqualTo(active);

      otherNode.get().unlock();
      keysA.scheduledRotation();
      String rotated = activeInTheDatabase();
      assertThat(rotated).isNotEqualTo(active);
      assertThat(keysA.current().activeKeyId()).isEqualTo(rotated);

      // Due again at once, but the run just made holds the lock for its minimum: B skips.
      advance(nodeA.getBean(JwtProperties.class).keyMaxAge());
      keysB.scheduledRotation();
      assertThat(activeInTheDatabase()).isEqualTo(rotated);
    } finally {
      freeTheRotationLock();
    }
  }

  @Test
  void forgedKeyIdsMakeANodeReadTheKeysAtMostOncePerInterval() throws Exception {
    UUID user = account("forged");
    JWTClaimsSet claims = SignedTokens.claimsOf(fixture(nodeA).signIn(user).accessToken());
    byte[] attackerKey = new byte[32];
    new SecureRandom().nextBytes(attackerKey);
    int reloads = keysB.unknownKeyReloads();

    for (int i = 0; i < 5; i++) {
      assertThat(
              apiB.get("/api/v1/me", SignedTokens.sign(claims, "forged-" + i, attackerKey))
                  .status())
          .isEqualTo(401);
    }
    assertThat(keysB.unknownKeyReloads()).isEqualTo(reloads + 1);

    advance(nodeB.getBean(JwtProperties.class).unknownKeyReloadInterval());
    assertThat(
            apiB.get("/api/v1/me", SignedTokens.sign(claims, "forged-again", attackerKey)).status())
        .isEqualTo(401);
    assertThat(
            apiB.get("/api/v1/me", SignedTokens.sign(claims, "forged-more", attackerKey)).status())
        .isEqualTo(401);
    assertThat(keysB.unknownKeyReloads()).isEqualTo(reloads + 2);
  }

  @Test
  void aTamperedWrappedKeyFailsClosed() {
    UUID user = account("tampered");
    String retiredId = keysA.current().activeKeyId();
    String underRetired = fixture(nodeA).signIn(user).accessToken();
    keysA.rotate();
    keysB.reload();
    assertThat(apiB.get("/api/v1/me", underRetired).status()).isEqualTo(200);

    tamper(retiredId);
    keysB.reload();
    assertThat(apiB.get("/api/v1/me", underRetired).status())
        .as("a key that no longer opens verifies nothing")
        .isEqualTo(401);

    String activeId = keysA.current().activeKeyId();
    byte[] wrapped = wrapped(activeId);
    tamper(activeId);
    try {
      assertThatThrownBy(() -> nodeB.getBean(SigningKeyStore.class).load())
          .as("no node signs with, nor starts on, a signing key that does not open")
          .isInstanceOf(IllegalStateException.class);
      advance(nodeB.getBean(JwtProperties.class).keyRefreshInterval());
      keysB.refreshWhenDue();
      assertThat(keyId(issuedBy(nodeB)))
          .as("a failed reload keeps the key B proved before")
          .isEqualTo(activeId);
    } finally {
      owner()
          .sql("update signing_keys set wrapped = :wrapped where key_id = :id")
          .param("wrapped", wrapped)
          .param("id", activeId)
          .update();
    }
  }

  @Test
  void theApplicationRoleReadsOnlyWrappedKeysThatStillVerifyAndWritesNone() {
    JdbcClient application = nodeB.getBean(JdbcClient.class);
    for (String statement :
        List.of(
            "select wrapped from signing_keys",
            "insert into signing_keys (key_id, wrapped, created_at) values ('mine', '\\x00', now())",
            "update signing_keys set retired_at = null",
            "delete from signing_keys")) {
      assertThatThrownBy(() -> application.sql(statement).update())
          .as(statement)
          .isInstanceOf(DataAccessException.class)
          .hasStackTraceContaining("permission denied for table signing_keys");
    }
    List<Map<String, Object>> rows =
        application.sql("select key_id, wrapped from pawkeep_signing_keys()").query().listOfRows();
    Map<String, byte[]> clear = keysB.current().all();
    assertThat(rows).extracting(r -> r.get("key_id")).contains(keysB.current().activeKeyId());
    for (Map<String, Object> row : rows) {
      byte[] stored = (byte[]) row.get("wrapped");
      for (byte[] key : clear.values()) {
        assertThat(indexOf(stored, key)).as("a key in clear inside what is stored").isEqualTo(-1);
      }
    }
  }

  @Test
  void aDataKeyRotatedOnOneNodeIsUsedByTheOtherOnItsNextRead() throws Exception {
    UUID tenant = household(account("data-key"));
    FieldCipher onA = cipher(nodeA);
    FieldCipher onB = cipher(nodeB);
    UUID row = UUID.randomUUID();
    byte[] before = onB.encrypt(tenant, "pets", "notes", row, PLAIN);

    nodeA.getBean(KeyRotation.class).rotateAllDataKeys();
    byte[] byA = onA.encrypt(tenant, "pets", "notes", row, PLAIN);
    assertThat(tinkKeyId(byA)).isNotEqualTo(tinkKeyId(before));

    assertThat(onB.decrypt(tenant, "pets", "notes", row, byA)).isEqualTo(PLAIN);
    assertThat(tinkKeyId(onB.encrypt(tenant, "pets", "notes", row, PLAIN)))
        .as("B encrypts under the new primary key at once")
        .isEqualTo(tinkKeyId(byA));
    assertThat(onB.decrypt(tenant, "pets", "notes", row, before)).isEqualTo(PLAIN);
  }

  @Test
  void aTenantShreddedOnOneNodeIsRefusedByTheOtherAtOnceAndARestoredKeysetOnceItsCacheEnds()
      throws Exception {
    UUID tenant = household(account("shredded"));
    FieldCipher onA = cipher(nodeA);
    FieldCipher onB = cipher(nodeB);
    UUID row = UUID.randomUUID();
    byte[] sealed = onB.encrypt(tenant, "pets", "notes", row, PLAIN);
    Map<String, Object> keyset =
        owner()
            .sql(
                "select keyset, master_key_id, created_at, under_shred_key from tenant_data_keys"
                    + " where tenant_id = :tenant")
            .param("tenant", tenant)
            .query()
            .singleRow();

    assertThat(onA.shred(tenant)).isTrue();

    assertThat(nodeB.getBean(ShreddedTenants.class).tenants()).contains(tenant);
    assertThatThrownBy(() -> onB.decrypt(tenant, "pets", "notes", row, sealed))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> onB.encrypt(tenant, "pets", "notes", row, PLAIN))
        .as("B holds the destroyed shred key in its cache, yet makes no new keyset under it")
        .isInstanceOf(IllegalStateException.class);

    // A backup restored without its purge brings the keyset row back: B, which still holds the
    // shred key in memory, refuses it once the key store's cache lifetime has passed.
    owner()
        .sql(
            "insert into tenant_data_keys"
                + " (tenant_id, keyset, master_key_id, created_at, under_shred_key)"
                + " values (:tenant, :keyset, :master, :created, :under)")
        .param("tenant", tenant)
        .param("keyset", keyset.get("keyset"))
        .param("master", keyset.get("master_key_id"))
        .param("created", keyset.get("created_at"))
        .param("under", keyset.get("under_shred_key"))
        .update();
    // pawkeep.crypto.key-store.cache-ttl, 5 minutes by default.
    advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThatThrownBy(() -> onB.decrypt(tenant, "pets", "notes", row, sealed))
        .isInstanceOf(GeneralSecurityException.class);
  }

  private static ConfigurableApplicationContext start(boolean first) {
    ConfigurableApplicationContext node =
        new SpringApplicationBuilder(
                PawkeepApplication.class, TestClockConfiguration.class, AccountFixture.class)
            .profiles("test")
            .run(
                "--server.port=0",
                "--pawkeep.data-dir=" + DATA,
                "--pawkeep.database.clean-embedded=" + first,
                "--pawkeep.pitr.enabled=false",
                "--pawkeep.jwt.keys.k1=" + Base64.getEncoder().encodeToString(CONFIGURED_K1),
                "--pawkeep.jwt.keys.k2=" + Base64.getEncoder().encodeToString(CONFIGURED_K2),
                "--pawkeep.jwt.active-key-id=k2");
    if (nodeA != null) {
      node.getBean(MutableClock.class).set(nodeA.getBean(MutableClock.class).instant());
    }
    return node;
  }

  private static ApiClient client(ConfigurableApplicationContext node) {
    return new ApiClient(((WebServerApplicationContext) node).getWebServer().getPort());
  }

  private static void advance(Duration duration) {
    nodeA.getBean(MutableClock.class).advance(duration);
    nodeB.getBean(MutableClock.class).set(nodeA.getBean(MutableClock.class).instant());
  }

  private static AccountFixture fixture(ConfigurableApplicationContext node) {
    return node.getBean(AccountFixture.class);
  }

  private static UUID account(String name) {
    String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    return fixture(nodeA).confirmedAccount(email, PASSWORD, "Alex Walker");
  }

  private static UUID household(UUID owner) {
    ApiClient.Response created =
        apiA.post(
            "/api/v1/households",
            Map.of("name", "Across nodes"),
            fixture(nodeA).signIn(owner).accessToken());
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return UUID.fromString(created.text("id"));
  }

  private static String issuedBy(ConfigurableApplicationContext node) {
    return issuedBy(node, signer);
  }

  private static String issuedBy(ConfigurableApplicationContext node, UUID user) {
    return fixture(node).signIn(user).accessToken();
  }

  private static void freeTheRotationLock() {
    owner().sql("delete from shedlock where name = :name").param("name", ROTATION_JOB).update();
  }

  private static String activeInTheDatabase() {
    return owner()
        .sql("select key_id from signing_keys where retired_at is null")
        .query(String.class)
        .single();
  }

  private static JdbcClient owner() {
    return nodeA.getBean(OwnerDatabase.class).jdbc();
  }

  private static FieldCipher cipher(ConfigurableApplicationContext node) {
    return node.getBean(FieldCipher.class).through(node.getBean(OwnerDatabase.class).jdbc());
  }

  private static byte[] wrapped(String keyId) {
    return owner()
        .sql("select wrapped from signing_keys where key_id = :id")
        .param("id", keyId)
        .query(byte[].class)
        .single();
  }

  /** Flips one bit inside the stored ciphertext, as the schema owner could. */
  private static void tamper(String keyId) {
    owner()
        .sql(
            "update signing_keys set wrapped = set_byte(wrapped, 20, get_byte(wrapped, 20) # 1)"
                + " where key_id = :id")
        .param("id", keyId)
        .update();
  }

  private static String keyId(String token) {
    try {
      return SignedJWT.parse(token).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** Tink's key id, in bytes 1 to 4 of every ciphertext. */
  private static int tinkKeyId(byte[] ciphertext) {
    return java.nio.ByteBuffer.wrap(ciphertext, 1, 4).getInt();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
