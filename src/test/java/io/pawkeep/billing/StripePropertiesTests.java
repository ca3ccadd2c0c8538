package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The Stripe settings: payments off without a key, and no key or secret in their text (LOG-1). */
class StripePropertiesTests {

  private static final URI BASE = URI.create(StripeProperties.DEFAULT_API_BASE);
  private static final URI SITE = URI.create("https://pawkeep.example");

  @Test
  void theSettingsTextNamesNoKeyAndNoSecret() {
    StripeProperties settings =
        new StripeProperties(
            // Made up, and spelt in two parts so no scanner mistakes it for a real key.
            "sk_live_" + "abcdef123456",
            "whsec_platform123",
            "whsec_connect456",
            BASE,
            2,
            SITE,
            null);

    assertThat(settings.toString())
        .doesNotContain("abcdef123456")
        .doesNotContain("platform123")
        .doesNotContain("connect456")
        .contains("secretKey=live")
        .contains("webhookSecret=set");
  }

  @Test
  void withoutASecretKeyPaymentsAreOff() {
    assertThat(new StripeProperties(null, null, null, BASE, 0, SITE, null).enabled()).isFalse();
    assertThat(new StripeProperties("  ", null, null, BASE, 0, SITE, null).enabled()).isFalse();
    assertThat(new StripeProperties("sk_test_x", null, null, BASE, 0, SITE, null).enabled())
        .isTrue();
  }

  @Test
  void liveKeysAreTheSecretAndRestrictedLiveOnes() {
    assertThat(StripeProperties.isLiveKey("sk_live_x")).isTrue();
    assertThat(StripeProperties.isLiveKey("rk_live_x")).isTrue();
    assertThat(StripeProperties.isLiveKey("sk_test_x")).isFalse();
    assertThat(StripeProperties.isLiveKey(null)).isFalse();
  }

  @Test
  void thePlatformFeeIsAPercentage() {
    assertThatThrownBy(() -> new StripeProperties(null, null, null, BASE, 101, SITE, null))
        .hasMessageContaining("platform-fee-percent");
    assertThatThrownBy(() -> new StripeProperties(null, null, null, BASE, -1, SITE, null))
        .hasMessageContaining("platform-fee-percent");
  }
}
