package io.pawkeep.crypto;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Field encryption settings (CRYPTO-1, CRYPTO-2). {@code masterKey}: base64, empty means a
 * development key under the data directory, which production refuses; {@code previousMasterKeys}
 * still open what they wrapped until a master-key rotation has run; {@code retireAfter}: how long
 * older data keys stay after a re-encryption pass found nothing left under them; {@code
 * dataKeyMaxAge}: how old a data key grows before it is rotated. The rotation schedule ({@code
 * pawkeep.crypto.rotation-check-interval}) is read by the schedule itself.
 */
@ConfigurationProperties("pawkeep.crypto")
record CryptoProperties(
    @DefaultValue("") String masterKey,
    @DefaultValue List<String> previousMasterKeys,
    @DefaultValue("PT1H") Duration retireAfter,
    @DefaultValue("P90D") Duration dataKeyMaxAge) {

  /** Says whether keys are configured, never the keys. */
  @Override
  public String toString() {
    return "CryptoProperties[masterKey="
        + (masterKey.isBlank() ? "" : "(set)")
        + ", previousMasterKeys="
        + previousMasterKeys.size()
        + ", retireAfter="
        + retireAfter
        + ", dataKeyMaxAge="
        + dataKeyMaxAge
        + "]";
  }
}
