package io.pawkeep.billing;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stripe's two webhook endpoints (PAY-3): no person and no token, the signature is the proof. The
 * body is taken as raw bytes, since the signature covers exactly what Stripe sent.
 */
@RestController
class StripeWebhookController {

  /** Every verified event is acknowledged, applied or not, so Stripe stops retrying it. */
  private static final Map<String, Object> RECEIVED = Map.of("received", true);

  private final StripeWebhooks webhooks;

  StripeWebhookController(StripeWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Operation(summary = "Stripe events of the platform account (signed by Stripe)")
  @PostMapping(path = "/api/v1/webhooks/stripe", consumes = "*/*")
  Map<String, Object> platform(
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
    webhooks.receive(StripeWebhooks.Endpoint.PLATFORM, orEmpty(body), signature);
    return RECEIVED;
  }

  @Operation(summary = "Stripe events of connected accounts (signed by Stripe)")
  @PostMapping(path = "/api/v1/webhooks/stripe/connect", consumes = "*/*")
  Map<String, Object> connect(
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
    webhooks.receive(StripeWebhooks.Endpoint.CONNECT, orEmpty(body), signature);
    return RECEIVED;
  }

  private static byte[] orEmpty(byte[] body) {
    return body == null ? new byte[0] : body;
  }
}
