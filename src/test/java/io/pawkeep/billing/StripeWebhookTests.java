package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe's webhooks (PAY-3): only a body signed with the endpoint's secret at most five minutes ago
 * counts; anything else is a 400 problem that writes nothing. A verified event is recorded with its
 * effect, so a replay changes nothing; events for accounts Pawkeep did not connect, and types it
 * does not handle, are acknowledged and ignored.
 */
class StripeWebhookTests extends StripeTestSupport {

  private static final String CONNECT = "/api/v1/webhooks/stripe/connect";
  private static final String PLATFORM = "/api/v1/webhooks/stripe";

  private String account;
  private String business;
  private User businessOwner;

  @BeforeEach
  void connectedBusiness() {
    businessOwner = withSecondFactor("hook-owner");
    business = createBusiness(businessOwner, "care_company", "Hooked Walkers");
    account = unique("acct_1");
    connect(businessOwner, business, account);
  }

  @Test
  void aSignedAccountUpdateIsAppliedAndRecorded() {
    String event = unique("evt_");

    ApiClient.Response r = deliverConnect(accountUpdated(event, account, true, true, true));

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(storedAccount(account))
        .containsEntry("details_submitted", true)
        .containsEntry("charges_enabled", true)
        .containsEntry("payouts_enabled", true)
        .containsEntry("due", "{}");
    assertThat(events(event)).isOne();
  }

  @Test
  void aReplayedEventIsAcknowledgedAndChangesNothing() {
    long created = clock.instant().getEpochSecond();
    String first = unique("evt_");
    String firstBody = accountUpdated(first, account, true, true, true, created);
    assertThat(deliverConnect(firstBody).status()).isEqualTo(200);
    // A later event of the same second turns charges off ...
    assertThat(
            deliverConnect(accountUpdated(unique("evt_"), account, true, false, false, created))
                .status())
        .isEqualTo(200);

    // ... and the first one, delivered again (freshly signed, as Stripe's retries are), is not
    // applied a second time.
    clock.advance(Duration.ofSeconds(30));
    ApiClient.Response replay = deliverConnect(firstBody);

    assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
    assertThat(storedAccount(account))
        .containsEntry("charges_enabled", false)
        .containsEntry("payouts_enabled", false);
    assertThat(events(first)).isOne();
  }

  @Test
  void anOlderSnapshotArrivingLateDoesNotOverwriteANewerOne() {
    long now = clock.instant().getEpochSecond();
    deliverConnect(accountUpdated(unique("evt_"), account, true, true, true, now));

    ApiClient.Response late =
        deliverConnect(accountUpdated(unique("evt_"), account, false, false, false, now - 60));

    assertThat(late.status()).isEqualTo(200);
    assertThat(storedAccount(account)).containsEntry("charges_enabled", true);
  }

  @Test
  void aDisconnectedAccountLosesChargesAndPayoutsForGood() {
    deliverConnect(accountUpdated(unique("evt_"), account, true, true, true));
    String body =
        """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"account.application.deauthorized","account":"%s",
         "data":{"object":{"id":"ca_1Pawkeep","object":"application","name":"Pawkeep"}}}"""
            .formatted(
                unique("evt_"), Stripe.API_VERSION, clock.instant().getEpochSecond(), account);

    assertThat(deliverConnect(body).status()).isEqualTo(200);
    // A later account.updated (Stripe sends them after a disconnection too) turns nothing back on.
    clock.advance(Duration.ofSeconds(5));
    deliverConnect(accountUpdated(unique("evt_"), account, true, true, true));

    assertThat(storedAccount(account))
        .containsEntry("charges_enabled", false)
        .containsEntry("payouts_enabled", false);
    ApiClient.Response state =
        api.get("/api/v1/businesses/" + business + "/payouts", businessOwner.accessToken());
    assertThat(state.json().path("disconnected").asBoolean()).as(state.raw()).isTrue();
    ApiClient.Response again =
        api.post(
            "/api/v1/businesses/" + business + "/payouts/onboarding",
            null,
            businessOwner.accessToken());
    assertThat(again.status()).as(again.raw()).isEqualTo(409);
    assertThat(again.text("type")).endsWith("payouts-disconnected");
  }

  @Test
  void aBadSignatureIsA400ProblemAndWritesNothing() {
    String event = unique("evt_");
    String body = accountUpdated(event, account, true, true, true);

    ApiClient.Response wrongSecret = deliver(CONNECT, body, sign(body, "whsec_someoneelsessecret"));
    ApiClient.Response platformSecretOnConnect = deliver(CONNECT, body, sign(body, WEBHOOK_SECRET));
    ApiClient.Response tampered =
        deliver(
            CONNECT,
            body.replace("\"charges_enabled\":true", "\"charges_enabled\":false"),
            sign(body, CONNECT_WEBHOOK_SECRET));

    for (ApiClient.Response r :
        new ApiClient.Response[] {wrongSecret, platformSecretOnConnect, tampered}) {
      assertThat(r.status()).as(r.raw()).isEqualTo(400);
      assertThat(r.text("type")).endsWith("bad-webhook-signature");
    }
    assertThat(events(event)).isZero();
    assertThat(storedAccount(account)).containsEntry("charges_enabled", false);
  }

  @Test
  void aStaleTimestampIsRefused() {
    String event = unique("evt_");
    String body = accountUpdated(event, account, true, true, true);
    long stale =
        clock.instant().minusSeconds(StripeWebhooks.TOLERANCE_SECONDS + 1).getEpochSecond();

    ApiClient.Response r = deliver(CONNECT, body, sign(body, CONNECT_WEBHOOK_SECRET, stale));

    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(events(event)).isZero();
    assertThat(storedAccount(account)).containsEntry("charges_enabled", false);
  }

  @Test
  void aMalformedSignatureOrBodyIsA400NeverA500() {
    String body = accountUpdated(unique("evt_"), account, true, true, true);
    long now = clock.instant().getEpochSecond();

    for (String header : new String[] {null, "", "t=abc,v1=00", "t", "v1=00", "t=" + now}) {
      ApiClient.Response r = deliver(CONNECT, body, header);
      assertThat(r.status()).as(header + ": " + r.raw()).isEqualTo(400);
    }
    String notJson = "this is not json";
    assertThat(deliver(CONNECT, notJson, sign(notJson, CONNECT_WEBHOOK_SECRET)).status())
        .isEqualTo(400);
    assertThat(deliver(CONNECT, "", sign("", CONNECT_WEBHOOK_SECRET)).status()).isEqualTo(400);
  }

  @Test
  void anEventForAnUnknownAccountIsAcknowledgedAndIgnored() {
    String stranger = unique("acct_1");
    String event = unique("evt_");

    ApiClient.Response r = deliverConnect(accountUpdated(event, stranger, true, true, true));

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("ignored:unknown-account");
    assertThat(
            schemaOwner
                .jdbc()
                .sql("select count(*) from stripe_accounts where account_id = :a")
                .param("a", stranger)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void anAccountObjectOfAnotherAccountThanTheEventsIsIgnored() {
    String event = unique("evt_");
    String body =
        accountUpdated(event, account, true, true, true)
            .replace(
                "\"object\":{\"id\":\"" + account + "\"", "\"object\":{\"id\":\"acct_1Elsewhere\"");

    assertThat(deliverConnect(body).status()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("ignored:mismatch");
    assertThat(storedAccount(account)).containsEntry("charges_enabled", false);
  }

  @Test
  void anUnknownEventTypeIsAcknowledgedAndIgnored() {
    String event = unique("evt_");
    String body =
        """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"customer.created","account":"%s",
         "data":{"object":{"id":"cus_1","object":"customer"}}}"""
            .formatted(event, Stripe.API_VERSION, clock.instant().getEpochSecond(), account);

    ApiClient.Response r = deliverConnect(body);

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("ignored:type");
  }

  @Test
  void thePlatformEndpointVerifiesWithItsOwnSecretAndNeverAppliesAccountState() {
    String event = unique("evt_");
    String body = accountUpdated(event, account, true, true, true);

    ApiClient.Response wrong = deliver(PLATFORM, body, sign(body, CONNECT_WEBHOOK_SECRET));
    ApiClient.Response right = deliver(PLATFORM, body, sign(body, WEBHOOK_SECRET));

    assertThat(wrong.status()).isEqualTo(400);
    assertThat(right.status()).as(right.raw()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("ignored:not-connect");
    assertThat(storedAccount(account)).containsEntry("charges_enabled", false);
  }

  @Test
  void aLiveModeEventIsIgnoredByATestModeKey() {
    String event = unique("evt_");
    String body =
        accountUpdated(event, account, true, true, true)
            .replace("\"livemode\":false", "\"livemode\":true");

    assertThat(deliverConnect(body).status()).isEqualTo(200);
    assertThat(outcome(event)).isEqualTo("ignored:mode");
    assertThat(storedAccount(account)).containsEntry("charges_enabled", false);
  }

  @Test
  void onlyTheTwoWebhookPathsOpenWithoutCredentials() {
    assertThat(api.get(CONNECT, null).status()).isEqualTo(401);
    assertThat(api.get(PLATFORM, null).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/webhooks/stripe/other", Map.of()).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/webhooks", Map.of()).status()).isEqualTo(401);
  }

  @Test
  void aLargeAccountEventIsTakenAndAnOversizedOneRefusedBeforeVerification() {
    // Account objects are large and Stripe documents no maximum: up to 512 KB, not the API's 64 KB.
    String event = unique("evt_");
    String large =
        accountUpdated(event, account, true, true, true)
            .replace(
                "\"object\":\"account\",",
                "\"object\":\"account\",\"pad\":\"" + "x".repeat(200 * 1024) + "\",");
    ApiClient.Response taken = deliverConnect(large);
    assertThat(taken.status()).as(taken.raw()).isEqualTo(200);
    assertThat(events(event)).isOne();

    String body = "{\"pad\":\"" + "x".repeat(600 * 1024) + "\"}";
    assertThat(deliver(CONNECT, body, sign(body, CONNECT_WEBHOOK_SECRET)).status()).isEqualTo(413);
  }

  private String outcome(String event) {
    return schemaOwner
        .jdbc()
        .sql("select outcome from stripe_events where event_id = :id")
        .param("id", event)
        .query(String.class)
        .single();
  }
}
