package io.pawkeep.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.security.LocalSecrets;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.TestFolders;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Rotation without downtime (CRYPTO-2): after a data key rotation every stored ciphertext moves to
 * the new key and the old keys are destroyed; after a master-key rotation every keyset and
 * second-factor seed opens under the new master key alone.
 */
class KeyRotationTests extends AccessSecretsTestSupport {

  private static final String ALARM = "alarm-5521-planted";
  private static final String NOTES = "Epileptic: diazepam 5 mg if a seizure lasts 3 minutes";

  @Autowired KeyRotation rotation;
  @Autowired FieldCipher cipher;
  @Autowired MasterKeyCipher master;
  @Autowired TenantKeyStore keyStore;
  @Autowired List<EncryptedColumns> columns;
  @Autowired org.springframework.context.ApplicationContext context;
  @Autowired io.pawkeep.security.SigningKeys signingKeys;

  @Test
  void anUnknownRotationTargetPrintsTheAllowedValuesAndExitsWith1() {
    var environment =
        new org.springframework.mock.env.MockEnvironment()
            .withProperty("pawkeep.crypto.rotate", "bogus");
    var printed = new java.io.ByteArrayOutputStream();

    int exit =
        new KeyRotationCommand(rotation, signingKeys, context, environment)
            .execute(
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(1);
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("pawkeep.crypto.rotate must be data-keys, master-key or signing-key");
  }

  @Test
  void theSigningKeyCommandMakesANewKeySignOnThisNodeAndNamesItButNeverTheKey() throws Exception {
    User user = signedInUser("signing-command");
    String before = keyId(user.accessToken());
    var printed = new java.io.ByteArrayOutputStream();
    try {
      int exit =
          new KeyRotationCommand(
                  rotation,
                  signingKeys,
                  context,
                  new org.springframework.mock.env.MockEnvironment()
                      .withProperty("pawkeep.crypto.rotate", "signing-key"))
              .execute(
                  new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));

      assertThat(exit).isZero();
      String after = keyId(login(user.email(), user.password()).text("access_token"));
      assertThat(after).isNotEqualTo(before);
      String output = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(output).contains(after).contains("signs now");
      byte[] wrapped =
          owner
              .jdbc()
              .sql("select wrapped from signing_keys where key_id = :id")
              .param("id", after)
              .query(byte[].class)
              .single();
      byte[] key = master.decrypt(wrapped, "signing_keys", "wrapped", after);
      assertThat(output)
          .doesNotContain(Base64.getEncoder().encodeToString(key))
          .doesNotContain(java.util.HexFormat.of().formatHex(key));
      assertThat(api.get("/api/v1/me", user.accessToken()).status())
          .as("tokens signed before the rotation stay valid")
          .isEqualTo(200);
    } finally {
      // The other tests of this run sign with the first key: put it back.
      owner.jdbc().sql("delete from signing_keys where key_id <> :id").param("id", before).update();
      owner.jdbc().sql("update signing_keys set retired_at = null, verify_until = null").update();
      signingKeys.reload();
    }
  }

  private static String keyId(String token) throws java.text.ParseException {
    return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
  }

  @Test
  void rotationReencryptsEveryFieldThenRetiresTheOldKeysAfterTheGracePeriod() {
    User user = signedInUser("rotating");
    String household = createHousehold(user, "Rotating");
    UUID tenant = UUID.fromString(household);
    writeSecretsAndNotes(user, household);
    byte[] oldAlarm = alarmCiphertext(tenant);
    byte[] oldNotes = notesCiphertext(tenant);

    as(user, () -> cipher.rotate(tenant));
    rotation.run();

    byte[] newAlarm = alarmCiphertext(tenant);
    assertThat(newAlarm).isNotEqualTo(oldAlarm);
    assertThat(notesCiphertext(tenant)).isNotEqualTo(oldNotes);
    assertThat(revealAlarm(user, household)).isEqualTo(ALARM);
    assertThat(keyCount(user, tenant)).as("old keys kept during the grace period").isEqualTo(2);

    user = afterTheGracePeriod(user);

    assertThat(keyCount(user, tenant)).isEqualTo(1);
    assertThat(alarmCiphertext(tenant)).isEqualTo(newAlarm);
    assertThat(revealAlarm(user, household)).isEqualTo(ALARM);
    assertThat(medicalNotes(user, household)).isEqualTo(NOTES);
    assertThat(opens(user, tenant, "access_secrets", "alarmCode", tenant, oldAlarm))
        .as("a copy made under a retired key, e.g. in an old backup")
        .isFalse();
  }

  @Test
  void aFieldWrittenUnderTheOldKeyAfterAPassPostponesRetirement() {
    User user = signedInUser("straggler");
    String household = createHousehold(user, "Straggler");
    UUID tenant = UUID.fromString(household);
    writeSecretsAndNotes(user, household);
    byte[] oldAlarm = alarmCiphertext(tenant);
    as(user, () -> cipher.rotate(tenant));
    rotation.run();
    // A request that read the keyset before the rotation commits a field under the old key.
    owner
        .jdbc()
        .sql("update access_secrets set alarm_code = ? where household_id = ?")
        .params(oldAlarm, tenant)
        .update();

    user = afterTheGracePeriod(user);
    assertThat(keyCount(user, tenant)).as("the straggler was moved, not orphaned").isEqualTo(2);
    assertThat(revealAlarm(user, household)).isEqualTo(ALARM);

    user = afterTheGracePeriod(user);
    assertThat(keyCount(user, tenant)).isEqualTo(1);
    assertThat(revealAlarm(user, household)).isEqualTo(ALARM);
  }

  @Test
  void anUnreadableKeysetIsCountedAndDoesNotStopTheOtherTenantsRotation() {
    UUID damaged = UUID.randomUUID();
    owner
        .jdbc()
        .sql(
            "insert into tenant_data_keys (tenant_id, keyset, created_at, rotated_at)"
                + " values (?, ?, now(), now())")
        .params(damaged, new byte[] {1, 2, 3, 4})
        .update();
    try {
      User user = signedInUser("neighbour");
      String household = createHousehold(user, "Neighbour");
      UUID tenant = UUID.fromString(household);
      writeSecretsAndNotes(user, household);
      byte[] before = alarmCiphertext(tenant);
      as(user, () -> cipher.rotate(tenant));

      KeyRotation.Report report = rotation.run();

      assertThat(report.failures()).isPositive();
      assertThat(alarmCiphertext(tenant)).isNotEqualTo(before);
      assertThat(revealAlarm(user, household)).isEqualTo(ALARM);
    } finally {
      owner.jdbc().sql("delete from tenant_data_keys where tenant_id = ?").param(damaged).update();
    }
  }

  @Test
  void masterKeyRotationMovesEveryKeysetAndSecondFactorSeedUnderTheNewKey() {
    User user = signedInUser("master");
    String household = createHousehold(user, "Master");
    UUID tenant = UUID.fromString(household);
    writeSecretsAndNotes(user, household);
    String secret = enrolTotp(user);
    UUID userId = UUID.fromString(api.get("/api/v1/me", user.accessToken()).text("id"));

    String current = LocalSecrets.loadOrCreate(TestFolders.data(), "master-dev.key", 32);
    String fresh = randomKey();
    MasterKeyCipher rotated = new MasterKeyCipher(fresh, List.of(current));
    try {
      KeyRotation.Report report = rotationUnder(rotated).run();
      assertThat(report.failures()).isZero();
      assertThat(rotationUnder(rotated).keysetsUnderPreviousMasterKeys()).isZero();

      MasterKeyCipher onlyTheNewKey = new MasterKeyCipher(fresh);
      FieldCipher newCipher = new FieldCipher(owner.jdbc(), onlyTheNewKey, clock, keyStore);
      assertThat(decryptText(newCipher, tenant)).isEqualTo(ALARM);
      byte[] seed = totpSeed(userId);
      assertThat(onlyTheNewKey.sealedByActiveKey(seed, "users", "totp_secret", userId.toString()))
          .isTrue();
      assertThatThrownBy(() -> master.decrypt(seed, "users", "totp_secret", userId.toString()))
          .as("the old master key alone no longer opens anything")
          .isInstanceOf(GeneralSecurityException.class);
      // SESS-1: the access-token signing keys move under the new master key too.
      List<Map<String, Object>> signingKeys =
          owner.jdbc().sql("select key_id, wrapped from signing_keys").query().listOfRows();
      assertThat(signingKeys).isNotEmpty();
      for (Map<String, Object> row : signingKeys) {
        assertThat(
                onlyTheNewKey.sealedByActiveKey(
                    (byte[]) row.get("wrapped"),
                    "signing_keys",
                    "wrapped",
                    (String) row.get("key_id")))
            .as("signing key %s under the new master key", row.get("key_id"))
            .isTrue();
      }
    } finally {
      // Put everything back under the test run's own master key for the other tests.
      rotationUnder(new MasterKeyCipher(current, List.of(fresh))).run();
    }
    assertThat(revealAlarm(user, household)).isEqualTo(ALARM);
    assertThat(loginWithTotp(user.email(), user.password(), secret).status()).isEqualTo(200);
  }

  /** Lets the grace period pass, runs the job, and signs the user in again. */
  private User afterTheGracePeriod(User user) {
    clock.advance(Duration.ofMinutes(61));
    rotation.run();
    ApiClient.Response r = login(user.email(), user.password());
    return new User(user.email(), user.password(), r.text("access_token"), r.text("refresh_token"));
  }

  private KeyRotation rotationUnder(MasterKeyCipher key) {
    return new KeyRotation(
        owner,
        key,
        columns,
        clock,
        new CryptoProperties("", List.of(), Duration.ofHours(1), Duration.ofDays(90)),
        keyStore);
  }

  private void writeSecretsAndNotes(User user, String household) {
    ApiClient.Response secrets =
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/access-secrets",
            Map.of("alarmCode", ALARM),
            user.accessToken(),
            Map.of());
    assertThat(secrets.status()).as(secrets.raw()).isEqualTo(204);
    String pet =
        api.post(
                "/api/v1/households/" + household + "/pets",
                Map.of("name", "Rex", "species", "dog"),
                user.accessToken())
            .text("id");
    ApiClient.Response care =
        api.send(
            "PUT",
            "/api/v1/pets/" + pet + "/care-instructions",
            Map.of("medicalNotes", NOTES),
            user.accessToken(),
            Map.of());
    assertThat(care.status()).as(care.raw()).isEqualTo(200);
  }

  private String medicalNotes(User user, String household) {
    String pet =
        api.get("/api/v1/households/" + household + "/pets", user.accessToken())
            .json()
            .get(0)
            .path("id")
            .asString();
    return api.get("/api/v1/pets/" + pet, user.accessToken())
        .json()
        .path("careInstructions")
        .path("medicalNotes")
        .asString();
  }

  private byte[] notesCiphertext(UUID tenant) {
    return owner
        .jdbc()
        .sql("select medical_notes from pet_care_instructions where household_id = ?")
        .param(tenant)
        .query(byte[].class)
        .single();
  }

  private byte[] totpSeed(UUID userId) {
    return owner
        .jdbc()
        .sql("select totp_secret from users where id = ?")
        .param(userId)
        .query(byte[].class)
        .single();
  }

  private String decryptText(FieldCipher with, UUID tenant) {
    return with.decryptText(tenant, "access_secrets", "alarmCode", tenant, alarmCiphertext(tenant));
  }

  private int keyCount(User user, UUID tenant) {
    return as(user, () -> cipher.keyCount(tenant));
  }

  private boolean opens(
      User user, UUID tenant, String table, String column, UUID row, byte[] sealed) {
    return as(
        user,
        () -> {
          try {
            cipher.decrypt(tenant, table, column, row, sealed);
            return true;
          } catch (GeneralSecurityException e) {
            return false;
          }
        });
  }

  private void as(User user, Runnable work) {
    as(
        user,
        () -> {
          work.run();
          return null;
        });
  }

  private <T> T as(User user, java.util.function.Supplier<T> work) {
    UUID userId = UUID.fromString(api.get("/api/v1/me", user.accessToken()).text("id"));
    return asIdentity(userId, null, sql -> work.get());
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
