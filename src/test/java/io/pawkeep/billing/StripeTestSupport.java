package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.stripe.Stripe;
import com.stripe.net.Webhook;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Payments switched on against a local fake Stripe (WireMock, in this JVM, one for every test
 * class; settings in {@link StripeFake}): nothing reaches stripe.com, and each test asserts the
 * requests Pawkeep sent. Webhook events are signed here with Stripe's own scheme and the test
 * secrets.
 */
abstract class StripeTestSupport extends ApiTestSupport implements StripeFake {

  static final String SECRET_KEY = "sk_test_" + "pawkeepfake".repeat(3);
  static final String WEBHOOK_SECRET = "whsec_platformtestsecret";
  static final String CONNECT_WEBHOOK_SECRET = "whsec_connecttestsecret";

  static final WireMockServer STRIPE = startStripe();

  @Autowired protected OwnerDatabase schemaOwner;

  static WireMockServer startStripe() {
    WireMockServer server =
        new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return server;
  }

  @BeforeEach
  void resetStripe() {
    STRIPE.resetAll();
  }

  /** The fake answers account creation with {@code account} and every account link alike. */
  static void stripeConnects(String account) {
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/accounts"))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","object":"account","type":"standard","details_submitted":false,
                     "charges_enabled":false,"payouts_enabled":false}"""
                        .formatted(account))));
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/account_links"))
            .willReturn(
                okJson(
                    """
                    {"object":"account_link","created":1796100000,"expires_at":1796100300,
                     "url":"https://connect.stripe.com/setup/s/%s/onboarding-secret"}"""
                        .formatted(account))));
  }

  static void stripeFails() {
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/accounts"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error":{"type":"invalid_request_error","code":"parameter_unknown",
                         "message":"no"}}""")));
  }

  /** A request's form body, decoded. */
  static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  /** An {@code account.updated} event of the Connect endpoint, created at the test clock's now. */
  String accountUpdated(
      String eventId, String account, boolean details, boolean charges, boolean payouts) {
    return accountUpdated(
        eventId, account, details, charges, payouts, clock.instant().getEpochSecond());
  }

  String accountUpdated(
      String eventId,
      String account,
      boolean details,
      boolean charges,
      boolean payouts,
      long created) {
    return """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"account.updated","account":"%s","pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"account","details_submitted":%s,
           "charges_enabled":%s,"payouts_enabled":%s,
           "requirements":{"currently_due":%s,"disabled_reason":null}}}}"""
        .formatted(
            eventId,
            Stripe.API_VERSION,
            created,
            account,
            account,
            details,
            charges,
            payouts,
            payouts ? "[]" : "[\"external_account\"]");
  }

  /** Stripe's signature header over the body, at the test clock's now. */
  String sign(String body, String secret) {
    return sign(body, secret, clock.instant().getEpochSecond());
  }

  static String sign(String body, String secret, long timestamp) {
    try {
      return Webhook.Signature.generateSignatureHeader(body, secret, timestamp);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  ApiClient.Response deliver(String path, String body, String signature) {
    return api.send(
        "POST",
        path,
        body,
        null,
        signature == null ? Map.of() : Map.of("Stripe-Signature", signature));
  }

  ApiClient.Response deliverConnect(String body) {
    return deliver("/api/v1/webhooks/stripe/connect", body, sign(body, CONNECT_WEBHOOK_SECRET));
  }

  /** Connects the business's account through the API, as its owner. */
  void connect(User businessOwner, String business, String account) {
    stripeConnects(account);
    ApiClient.Response r =
        api.post(
            "/api/v1/businesses/" + business + "/payouts/onboarding",
            null,
            businessOwner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  long events(String eventId) {
    return schemaOwner
        .jdbc()
        .sql("select count(*) from stripe_events where event_id = :id")
        .param("id", eventId)
        .query(Long.class)
        .single();
  }

  Map<String, Object> storedAccount(String account) {
    return schemaOwner
        .jdbc()
        .sql(
            "select details_submitted, charges_enabled, payouts_enabled, requirements_due::text"
                + " as due from stripe_accounts where account_id = :a")
        .param("a", account)
        .query()
        .singleRow();
  }

  static String unique(String prefix) {
    return prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
