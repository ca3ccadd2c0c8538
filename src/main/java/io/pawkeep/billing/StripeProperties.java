package io.pawkeep.billing;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stripe settings ({@code pawkeep.stripe.*}, e.g. {@code PAWKEEP_STRIPE_SECRET_KEY}). Without a
 * secret key payments are off (the development default): the payout routes answer a problem that
 * says so and nothing calls Stripe. The API base is moved only by tests, at a local fake Stripe;
 * the {@code prod} profile refuses a moved base, which would receive the key (CRYPTO-4).
 *
 * @param secretKey the platform's secret or restricted key ({@code sk_test_…}, {@code sk_live_…})
 * @param webhookSecret the signing secret of the platform webhook endpoint ({@code whsec_…})
 * @param connectWebhookSecret the signing secret of the Connect webhook endpoint
 * @param apiBase where Stripe's API is reached
 * @param platformFeePercent the platform's fee on each payment, 0 to 100
 * @param publicBaseUrl where people reach Pawkeep, for the links Stripe sends them back to
 * @param eventRetention how long a processed webhook event's id is kept (Stripe retries for three
 *     days; an id forgotten earlier would let a late retry apply twice)
 */
@ConfigurationProperties("pawkeep.stripe")
record StripeProperties(
    String secretKey,
    String webhookSecret,
    String connectWebhookSecret,
    @DefaultValue(StripeProperties.DEFAULT_API_BASE) URI apiBase,
    @DefaultValue("0") int platformFeePercent,
    @DefaultValue("http://localhost:8080") URI publicBaseUrl,
    @DefaultValue("90d") Duration eventRetention) {

  static final String DEFAULT_API_BASE = "https://api.stripe.com";

  StripeProperties {
    if (platformFeePercent < 0 || platformFeePercent > 100) {
      throw new IllegalArgumentException("pawkeep.stripe.platform-fee-percent must be 0 to 100");
    }
    if (eventRetention == null) {
      eventRetention = Duration.ofDays(90);
    }
    if (eventRetention.compareTo(Duration.ofDays(4)) < 0) {
      // Stripe retries a delivery for up to three days: a shorter memory lets a retry apply twice.
      throw new IllegalArgumentException("pawkeep.stripe.event-retention must be at least 4 days");
    }
    secretKey = blankToNull(secretKey);
    webhookSecret = blankToNull(webhookSecret);
    connectWebhookSecret = blankToNull(connectWebhookSecret);
  }

  /** Payments are on only with a secret key. */
  boolean enabled() {
    return secretKey != null;
  }

  /** A live key moves real money; a test key only Stripe's test mode. */
  boolean live() {
    return isLiveKey(secretKey);
  }

  static boolean isLiveKey(String key) {
    return key != null && (key.startsWith("sk_live_") || key.startsWith("rk_live_"));
  }

  /** Never the key or the secrets (LOG-1): only whether each is set. */
  @Override
  public String toString() {
    return "StripeProperties[secretKey="
        + (secretKey == null ? "unset" : live() ? "live" : "test")
        + ", webhookSecret="
        + (webhookSecret == null ? "unset" : "set")
        + ", connectWebhookSecret="
        + (connectWebhookSecret == null ? "unset" : "set")
        + ", apiBase="
        + apiBase
        + ", platformFeePercent="
        + platformFeePercent
        + ", publicBaseUrl="
        + publicBaseUrl
        + ", eventRetention="
        + eventRetention
        + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
