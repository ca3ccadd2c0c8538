package io.pawkeep.billing;

import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Where Pawkeep's pages send people at Stripe, derived from the Stripe settings (HARD-2, PAY-1):
 * Checkout at {@code https://checkout.stripe.com} and onboarding at {@code
 * https://connect.stripe.com}, or the moved API base's origin when Stripe is a local fake (tests
 * and development; {@code prod} refuses a moved base), which serves the pages it links to. None
 * while payments are off. The pages that post to Stripe add these to their own {@code form-action},
 * and redirect only to a link on one of them.
 */
@Component
class StripeOrigins {

  static final URI CHECKOUT = URI.create("https://checkout.stripe.com");
  static final URI CONNECT = URI.create("https://connect.stripe.com");

  private final StripeProperties properties;

  StripeOrigins(StripeProperties properties) {
    this.properties = properties;
  }

  List<URI> checkout() {
    return origins(CHECKOUT);
  }

  List<URI> onboarding() {
    return origins(CONNECT);
  }

  /** Whether {@code url} is a link on one of {@code origins}. */
  static boolean leadsTo(String url, List<URI> origins) {
    return url != null
        && origins.stream().anyMatch(o -> url.startsWith(o.toString().replaceAll("/+$", "") + "/"));
  }

  private List<URI> origins(URI stripes) {
    if (!properties.enabled()) {
      return List.of();
    }
    URI base = properties.apiBase();
    if (StripeProperties.DEFAULT_API_BASE.equals(base.toString().replaceAll("/+$", ""))) {
      return List.of(stripes);
    }
    return List.of(
        URI.create(
            base.getScheme()
                + "://"
                + base.getHost()
                + (base.getPort() < 0 ? "" : ":" + base.getPort())));
  }
}
