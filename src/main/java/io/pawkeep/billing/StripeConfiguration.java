package io.pawkeep.billing;

import com.stripe.StripeClient;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one Stripe client, present only when payments are set up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StripeProperties.class)
class StripeConfiguration {

  @Bean
  StripeGateway stripeGateway(StripeProperties properties) {
    return new StripeGateway(properties, client(properties));
  }

  /**
   * Immutable and thread-safe. Retries re-send the same Idempotency-Key, so a retried creation
   * never creates twice. Every base points at {@code apiBase}, so a test's fake Stripe receives
   * every call and nothing reaches stripe.com from a test.
   */
  private static Optional<StripeClient> client(StripeProperties properties) {
    if (!properties.enabled()) {
      return Optional.empty();
    }
    String base = properties.apiBase().toString().replaceAll("/+$", "");
    return Optional.of(
        StripeClient.builder()
            .setApiKey(properties.secretKey())
            .setMaxNetworkRetries(2)
            .setConnectTimeout(5_000)
            .setReadTimeout(20_000)
            .setApiBase(base)
            .setConnectBase(
                StripeProperties.DEFAULT_API_BASE.equals(base)
                    ? "https://connect.stripe.com"
                    : base)
            .setFilesBase(
                StripeProperties.DEFAULT_API_BASE.equals(base) ? "https://files.stripe.com" : base)
            .setMeterEventsBase(
                StripeProperties.DEFAULT_API_BASE.equals(base)
                    ? "https://meter-events.stripe.com"
                    : base)
            .build());
  }
}
