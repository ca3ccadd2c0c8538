package io.pawkeep.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.database.DatabaseProperties;
import io.pawkeep.households.HouseholdPurge;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.TestFolders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Crypto-shredding that reaches backups (CRYPTO-3): a household deleted after a backup stays
 * unreadable when the backup's rows come back, and a restore purges it; only the tenant's owners
 * destroy its shred key; keysets of an installation older than shred keys are brought under one.
 */
class CryptoShreddingTests extends AccessSecretsTestSupport {

  private static final String ALARM = "alarm-7731-planted";
  // A backup of the database holds these rows of a household (parents before children).
  private static final List<String> HOUSEHOLD_TABLES =
      List.of("households", "household_members", "pets", "access_secrets", "tenant_data_keys");

  @Autowired FieldCipher cipher;
  @Autowired MasterKeyCipher master;
  @Autowired TenantKeyStore keyStore;
  @Autowired HouseholdPurge householdPurge;
  @Autowired ShreddedTenants shredded;
  @Autowired KeyRotation rotation;
  @Autowired HikariDataSource pool;
  @Autowired DatabaseProperties database;

  @Test
  void aHouseholdDeletedAfterABackupStaysUnreadableWhenTheBackupsKeysetRowIsPutBack()
      throws Exception {
    User user = signedInUser("backed-up");
    UUID home = household(user, "Backed up");
    byte[] alarm = alarmCiphertext(home);
    FieldCipher unrestricted = cipher.through(owner.jdbc());
    assertThat(open(unrestricted, home, alarm)).isEqualTo(ALARM);
    Map<String, List<Map<String, Object>>> backup = backUp(home, List.of("tenant_data_keys"));

    deleteHousehold(user, home);
    restore(backup);

    byte[] restored = keysetRow(home);
    assertThat(restored).as("the backup's keyset row is back").isNotNull();
    assertThatThrownBy(() -> unrestricted.decrypt(home, "access_secrets", "alarmCode", home, alarm))
        .as("its shred key is gone: the restored keyset opens nothing")
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> DataKeysets.unwrap(master, home, restored))
        .as("nor does the master key alone")
        .isInstanceOf(IllegalStateException.class);
    owner.jdbc().sql("delete from tenant_data_keys where tenant_id = ?").param(home).update();
  }

  @Test
  void restoringABackupTakenBeforeADeletionPurgesTheDeletedHouseholdAndNothingElse()
      throws Exception {
    User user = signedInUser("purged");
    UUID home = household(user, "Purged");
    pet(user, home.toString(), "Rex");
    User neighbour = signedInUser("neighbour");
    UUID kept = household(neighbour, "Kept");
    Map<String, List<Map<String, Object>>> backup = backUp(home, HOUSEHOLD_TABLES);

    deleteHousehold(user, home);
    restore(backup);
    assertThat(rows("households", "id", home)).as("the backup brought it back").isOne();
    assertThat(shredded.tenants()).contains(home).doesNotContain(kept);

    int purged;
    try (Connection connection = ownerConnection()) {
      purged = shredded.purgeFrom(connection);
    }

    assertThat(purged).isPositive();
    assertThat(rows("households", "id", home)).isZero();
    for (String table : HOUSEHOLD_TABLES.subList(1, HOUSEHOLD_TABLES.size())) {
      assertThat(rows(table, tenantColumn(table), home)).as(table).isZero();
    }
    assertThat(rows("households", "id", kept)).isOne();
    assertThat(rows("access_secrets", "household_id", kept)).isOne();
    assertThat(rows("tenant_data_keys", "tenant_id", kept)).isOne();
    assertThat(revealAlarm(neighbour, kept)).isEqualTo(ALARM);
  }

  @Test
  void restoringPurgesABusinessWhoseKeysWereDestroyedWithItsStaff() throws Exception {
    User user = signedInUser("business-owner");
    UUID business = UUID.fromString(createBusiness(user, "clinic", "Closed clinic"));
    User other = signedInUser("other-owner");
    UUID open = UUID.fromString(createBusiness(other, "clinic", "Open clinic"));
    keyStore.destroy(business);

    int purged;
    try (Connection connection = ownerConnection()) {
      purged = shredded.purgeFrom(connection);
    }

    assertThat(purged).isPositive();
    assertThat(rows("businesses", "id", business)).isZero();
    assertThat(rows("business_staff", "business_id", business)).isZero();
    assertThat(rows("businesses", "id", open)).isOne();
  }

  @Test
  void someoneWhoDoesNotOwnAHouseholdCannotDestroyItsShredKey() throws Exception {
    User user = signedInUser("shred-owner");
    UUID home = household(user, "Not yours");
    User stranger = signedInUser("shred-stranger");
    household(stranger, "Theirs");

    boolean destroyed = asCaller(stranger, db -> cipher.shred(home));

    assertThat(destroyed).isFalse();
    assertThat(keyStore.shredKey(home)).isPresent();
    assertThat(shredded.tenants()).doesNotContain(home);
    assertThat(revealAlarm(user, home)).isEqualTo(ALARM);
  }

  @Test
  void aDeletedHouseholdWithoutKeysIsListedForRestoresAndGetsNoKeysAgain() {
    User user = signedInUser("keyless");
    UUID home = UUID.fromString(createHousehold(user, "Keyless"));

    deleteHousehold(user, home);

    assertThat(shredded.tenants()).contains(home);
    FieldCipher unrestricted = cipher.through(owner.jdbc());
    assertThatThrownBy(
            () ->
                unrestricted.encrypt(
                    home, "access_secrets", "alarmCode", home, new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalStateException.class);
    assertThat(rows("tenant_data_keys", "tenant_id", home)).isZero();
  }

  @Test
  void aTamperedShredKeyFileStopsTheHouseholdsFieldsFromOpening() throws Exception {
    User user = signedInUser("tampered");
    UUID home = household(user, "Tampered");
    byte[] alarm = alarmCiphertext(home);
    FieldCipher unrestricted = cipher.through(owner.jdbc());
    assertThat(open(unrestricted, home, alarm)).isEqualTo(ALARM);
    Path file = TestFolders.data().resolve("keystore/keys/" + home + ".key");
    byte[] original = Files.readAllBytes(file);
    byte[] damaged = original.clone();
    damaged[60] ^= 1;
    try {
      Files.write(file, damaged);
      clock.advance(Duration.ofMinutes(5).plusSeconds(1));

      assertThatThrownBy(
              () -> unrestricted.decrypt(home, "access_secrets", "alarmCode", home, alarm))
          .isInstanceOf(GeneralSecurityException.class);
    } finally {
      Files.write(file, original);
    }
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(open(unrestricted, home, alarm)).isEqualTo(ALARM);
  }

  @Test
  void aKeysetWrittenBeforeShredKeysIsBroughtUnderOneAtStartAndThenShredsForGood()
      throws Exception {
    // A row as an installation older than shred keys wrote it: wrapped by the master key alone.
    UUID tenant = UUID.randomUUID();
    var keyset = DataKeysets.generate();
    owner
        .jdbc()
        .sql(
            "insert into tenant_data_keys (tenant_id, keyset, master_key_id, created_at)"
                + " values (?, ?, ?, now())")
        .params(tenant, DataKeysets.wrap(master, tenant, keyset), master.activeKeyId())
        .update();
    byte[] ad = DataKeysets.associatedData(tenant, "access_secrets", "alarmCode", tenant);
    byte[] sealed = DataKeysets.aead(keyset).encrypt(ALARM.getBytes(StandardCharsets.UTF_8), ad);
    FieldCipher unrestricted = cipher.through(owner.jdbc());
    assertThat(open(unrestricted, tenant, sealed)).isEqualTo(ALARM);
    byte[] legacy = keysetRow(tenant);

    assertThat(rotation.bringUnderShredKeys()).isPositive();

    byte[] upgraded = keysetRow(tenant);
    assertThat(upgraded).isNotEqualTo(legacy);
    assertThat(underShredKey(tenant)).isTrue();
    assertThatThrownBy(() -> DataKeysets.unwrap(master, tenant, upgraded))
        .isInstanceOf(IllegalStateException.class);
    assertThat(open(unrestricted, tenant, sealed)).isEqualTo(ALARM);

    assertThat(unrestricted.shred(tenant)).isTrue();
    owner
        .jdbc()
        .sql(
            "insert into tenant_data_keys (tenant_id, keyset, created_at, under_shred_key)"
                + " values (?, ?, now(), true)")
        .params(tenant, upgraded)
        .update();
    assertThatThrownBy(
            () -> unrestricted.decrypt(tenant, "access_secrets", "alarmCode", tenant, sealed))
        .isInstanceOf(GeneralSecurityException.class);
    owner.jdbc().sql("delete from tenant_data_keys where tenant_id = ?").param(tenant).update();
  }

  /** A household of {@code user} with an access secret written through the API. */
  private UUID household(User user, String name) {
    UUID home = UUID.fromString(createHousehold(user, name));
    ApiClient.Response secrets =
        api.send(
            "PUT",
            "/api/v1/households/" + home + "/access-secrets",
            Map.of("alarmCode", ALARM),
            user.accessToken(),
            Map.of());
    assertThat(secrets.status()).as(secrets.raw()).isEqualTo(204);
    return home;
  }

  private void deleteHousehold(User user, UUID home) {
    ApiClient.Response r = api.delete("/api/v1/households/" + home, null, user.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    // The undo window passes; the erasure purge then destroys the keys as it would a month later.
    owner
        .jdbc()
        .sql("update households set purge_after = now() - interval '1 second' where id = ?")
        .param(home)
        .update();
    assertThat(householdPurge.run()).isPositive();
  }

  /** The household's rows of these tables, copied by the schema owner as a backup copies them. */
  private Map<String, List<Map<String, Object>>> backUp(UUID home, List<String> tables) {
    Map<String, List<Map<String, Object>>> backup = new LinkedHashMap<>();
    for (String table : tables) {
      backup.put(
          table,
          owner
              .jdbc()
              .sql("select * from " + table + " where " + tenantColumn(table) + " = ?")
              .param(home)
              .query()
              .listOfRows());
    }
    return backup;
  }

  /** Puts the backed-up rows back, as a restore of that backup would. */
  private void restore(Map<String, List<Map<String, Object>>> backup) {
    backup.forEach(
        (table, rows) -> {
          for (Map<String, Object> row : rows) {
            String columns = String.join(", ", row.keySet());
            String values =
                row.keySet().stream().map(c -> ":" + c).collect(Collectors.joining(", "));
            owner
                .jdbc()
                .sql("insert into " + table + " (" + columns + ") values (" + values + ")")
                .params(row)
                .update();
          }
        });
  }

  private static String tenantColumn(String table) {
    return switch (table) {
      case "households" -> "id";
      case "tenant_data_keys" -> "tenant_id";
      default -> "household_id";
    };
  }

  private long rows(String table, String column, UUID tenant) {
    return owner
        .jdbc()
        .sql("select count(*) from " + table + " where " + column + " = ?")
        .param(tenant)
        .query(Long.class)
        .single();
  }

  private byte[] keysetRow(UUID tenant) {
    return owner
        .jdbc()
        .sql("select keyset from tenant_data_keys where tenant_id = ?")
        .param(tenant)
        .query(byte[].class)
        .single();
  }

  private boolean underShredKey(UUID tenant) {
    return owner
        .jdbc()
        .sql("select under_shred_key from tenant_data_keys where tenant_id = ?")
        .param(tenant)
        .query(Boolean.class)
        .single();
  }

  private static String open(FieldCipher cipher, UUID tenant, byte[] sealed) {
    try {
      return new String(
          cipher.decrypt(tenant, "access_secrets", "alarmCode", tenant, sealed),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("expected to decrypt", e);
    }
  }

  private Connection ownerConnection() throws Exception {
    String password =
        database.embedded()
            ? Files.readString(TestFolders.data().resolve("keys/database-owner-dev.password"))
                .trim()
            : database.ownerPassword();
    return DriverManager.getConnection(pool.getJdbcUrl(), database.ownerUsername(), password);
  }
}
