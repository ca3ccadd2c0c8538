package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.crypto.MasterKeyCipher;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.StoredCiphertext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * CRYPTO-1 at rest: the second-factor seed an account enrols through the API is stored in {@code
 * users.totp_secret} sealed under the master key and bound to its account, never as the seed.
 */
class SecondFactorSeedAtRestTests extends ApiTestSupport {

  @Autowired OwnerDatabase schemaOwner;
  @Autowired MasterKeyCipher master;

  @Test
  void theSecondFactorSeedIsStoredSealedUnderTheMasterKeyAndBoundToItsAccount() throws Exception {
    User user = signedInUser("seed");
    String secret = enrolTotp(user);
    byte[] seed = Totp.fromBase32(secret);
    UUID id = claim(user, "sub");

    // The bytes at rest, as anyone holding a copy of the database reads them.
    byte[] stored =
        schemaOwner
            .jdbc()
            .sql("select totp_secret from users where id = ?")
            .param(id)
            .query(byte[].class)
            .single();
    assertThat(StoredCiphertext.contains(stored, seed)).as("the raw seed is stored").isFalse();
    assertThat(StoredCiphertext.contains(stored, secret.getBytes(StandardCharsets.US_ASCII)))
        .as("the base32 seed is stored")
        .isFalse();
    assertThat(stored).hasSize(seed.length + StoredCiphertext.AES_GCM_OVERHEAD);
    assertThat(master.decrypt(stored, "users", "totp_secret", id.toString())).isEqualTo(seed);
    assertThatThrownBy(
            () -> master.decrypt(stored, "users", "totp_secret", UUID.randomUUID().toString()))
        .isInstanceOf(GeneralSecurityException.class);

    // The application opens it: a code from the enrolled seed signs in.
    ApiClient.Response signedIn = loginWithTotp(user.email(), user.password(), secret);
    assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
  }
}
