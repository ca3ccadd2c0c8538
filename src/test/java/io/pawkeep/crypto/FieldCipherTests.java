package io.pawkeep.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.households.HouseholdPurge;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

class FieldCipherTests extends ApiTestSupport {

  private static final byte[] ALARM_CODE = "4711-open".getBytes(StandardCharsets.UTF_8);

  @Autowired FieldCipher cipher;
  @Autowired OwnerDatabase owner;
  @Autowired HouseholdPurge householdPurge;
  @Autowired MasterKeyCipher master;
  @Autowired TenantKeyStore keyStore;

  @Test
  void ciphertextMovedToAnotherRowColumnOrHouseholdFailsToDecrypt() {
    Household home = household("home");
    UUID other =
        UUID.fromString(
            api.post("/api/v1/households", Map.of("name", "Other"), home.token()).text("id"));
    UUID row = UUID.randomUUID();
    byte[] sealed =
        as(home, () -> cipher.encrypt(home.id(), "access_secrets", "alarm", row, ALARM_CODE));
    assertThat(as(home, () -> open(home.id(), "access_secrets", "alarm", row, sealed)))
        .isEqualTo(ALARM_CODE);
    assertThat(
            as(home, () -> fails(home.id(), "access_secrets", "alarm", UUID.randomUUID(), sealed)))
        .isTrue();
    assertThat(as(home, () -> fails(home.id(), "access_secrets", "wifi", row, sealed))).isTrue();
    as(home, () -> cipher.encrypt(other, "access_secrets", "alarm", row, ALARM_CODE));
    assertThat(as(home, () -> fails(other, "access_secrets", "alarm", row, sealed))).isTrue();
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThat(as(home, () -> fails(home.id(), "access_secrets", "alarm", row, tampered))).isTrue();
  }

  @Test
  void rotationKeepsOldCiphertextsReadableAndEncryptsWithTheNewKey() {
    Household home = household("rotate");
    UUID row = UUID.randomUUID();
    byte[] before = as(home, () -> cipher.encrypt(home.id(), "pets", "notes", row, ALARM_CODE));
    as(
        home,
        () -> {
          cipher.rotate(home.id());
          return null;
        });
    assertThat(as(home, () -> cipher.keyCount(home.id()))).isEqualTo(2);
    byte[] after = as(home, () -> cipher.encrypt(home.id(), "pets", "notes", row, ALARM_CODE));
    // Tink prefixes each ciphertext with the id of the key that made it.
    assertThat(java.util.Arrays.copyOf(after, 5)).isNotEqualTo(java.util.Arrays.copyOf(before, 5));
    assertThat(as(home, () -> open(home.id(), "pets", "notes", row, before))).isEqualTo(ALARM_CODE);
    assertThat(as(home, () -> open(home.id(), "pets", "notes", row, after))).isEqualTo(ALARM_CODE);
  }

  @Test
  void anotherUserCannotUseAHouseholdsKeys() {
    Household home = household("private");
    Household stranger = household("stranger");
    UUID row = UUID.randomUUID();
    byte[] sealed = as(home, () -> cipher.encrypt(home.id(), "pets", "notes", row, ALARM_CODE));
    assertThat(as(stranger, () -> fails(home.id(), "pets", "notes", row, sealed))).isTrue();
    assertThatThrownBy(
            () -> as(stranger, () -> cipher.encrypt(home.id(), "pets", "notes", row, ALARM_CODE)))
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void deletingAHouseholdShredsItsKeysSoNothingOfItDecryptsAgain() throws Exception {
    Household home = household("shred");
    UUID row = UUID.randomUUID();
    byte[] sealed = as(home, () -> cipher.encrypt(home.id(), "pets", "notes", row, ALARM_CODE));
    byte[] wrapped =
        ownerJdbc()
            .sql("select keyset from tenant_data_keys where tenant_id = ?")
            .param(home.id())
            .query(byte[].class)
            .single();
    // Stored wrapped by the master key and sealed by the household's shred key, bound to its
    // tenant: not a keyset in clear, the master key alone does not open it, and both keys open it
    // for this household only.
    assertThatThrownBy(
            () -> TinkProtoKeysetFormat.parseKeyset(wrapped, InsecureSecretKeyAccess.get()))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> DataKeysets.unwrap(master, home.id(), wrapped))
        .isInstanceOf(IllegalStateException.class);
    var shredKey = keyStore.shredKey(home.id()).orElseThrow();
    byte[] unsealed = DataKeysets.unseal(shredKey, home.id(), wrapped);
    assertThat(DataKeysets.unwrap(master, home.id(), unsealed).size()).isEqualTo(1);
    assertThatThrownBy(() -> DataKeysets.unseal(shredKey, UUID.randomUUID(), wrapped))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> DataKeysets.unwrap(master, UUID.randomUUID(), unsealed))
        .isInstanceOf(IllegalStateException.class);
    // Read as the schema owner, whom row-level security does not restrict: only the destroyed
    // keyset, not a lost membership, can stop it from opening the field.
    FieldCipher unrestricted = cipher.through(ownerJdbc());
    assertThat(unrestricted.decrypt(home.id(), "pets", "notes", row, sealed)).isEqualTo(ALARM_CODE);

    assertThat(api.delete("/api/v1/households/" + home.id(), null, home.token()).status())
        .isEqualTo(202);
    // Erased once its undo window passed (PRIV-2).
    ownerJdbc()
        .sql("update households set purge_after = now() where id = ?")
        .param(home.id())
        .update();
    householdPurge.run();
    assertThatThrownBy(() -> unrestricted.decrypt(home.id(), "pets", "notes", row, sealed))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("no data key");
    assertThat(
            ownerJdbc()
                .sql("select count(*) from tenant_data_keys where tenant_id = ?")
                .param(home.id())
                .query(Long.class)
                .single())
        .isZero();
  }

  private record Household(UUID id, UUID owner, String token) {}

  private Household household(String name) {
    User user = signedInUser(name);
    UUID id =
        UUID.fromString(
            api.post("/api/v1/households", Map.of("name", name), user.accessToken()).text("id"));
    UUID owner = UUID.fromString(api.get("/api/v1/me", user.accessToken()).text("id"));
    return new Household(id, owner, user.accessToken());
  }

  /** The work in a transaction carrying the household owner's identity, as a request sets it. */
  private <T> T as(Household household, Supplier<T> work) {
    return asIdentity(household.owner(), null, db -> work.get());
  }

  private byte[] open(UUID tenant, String table, String column, UUID row, byte[] sealed) {
    try {
      return cipher.decrypt(tenant, table, column, row, sealed);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("expected to decrypt", e);
    }
  }

  private boolean fails(UUID tenant, String table, String column, UUID row, byte[] sealed) {
    try {
      cipher.decrypt(tenant, table, column, row, sealed);
      return false;
    } catch (GeneralSecurityException e) {
      return true;
    }
  }

  private JdbcClient ownerJdbc() {
    return owner.jdbc();
  }
}
