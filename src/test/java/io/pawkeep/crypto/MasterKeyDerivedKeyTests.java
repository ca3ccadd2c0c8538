package io.pawkeep.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys derived from the master key for one purpose each (FILE-3's link key). */
class MasterKeyDerivedKeyTests {

  @Test
  void eachPurposeGetsItsOwnStableKeyThatIsNotTheMasterKey() {
    String master = randomKey();
    MasterKeyCipher cipher = new MasterKeyCipher(master);

    byte[] links = cipher.derivedKey("pawkeep download links v1");
    assertThat(links).hasSize(32);
    assertThat(
            new MasterKeyCipher(master, List.of(randomKey()))
                .derivedKey("pawkeep download links v1"))
        .isEqualTo(links);
    assertThat(cipher.derivedKey("another purpose")).isNotEqualTo(links);
    assertThat(links).isNotEqualTo(Base64.getDecoder().decode(master));
    assertThat(new MasterKeyCipher(randomKey()).derivedKey("pawkeep download links v1"))
        .isNotEqualTo(links);
    assertThatThrownBy(() -> cipher.derivedKey(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
