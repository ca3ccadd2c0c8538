package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pawkeep.testing.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Connect onboarding (PAY-1) against the fake Stripe: one Standard account per business, created
 * with an idempotency key derived from the business and nothing about its people; a fresh link on
 * every call, handed to the caller and stored nowhere.
 */
class PayoutTests extends StripeTestSupport {

  @Test
  void anOwnerConnectsOneAccountOnceAndGetsAFreshLinkEachTime() {
    User owner = withSecondFactor("payout-owner");
    String business = createBusiness(owner, "care_company", "Paid Walkers");
    String account = unique("acct_1");
    stripeConnects(account);

    ApiClient.Response first = onboarding(business, owner);
    ApiClient.Response second = onboarding(business, owner);

    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.text("url")).startsWith("https://connect.stripe.com/setup/s/" + account);
    assertThat(first.header("Cache-Control")).contains("no-store");
    assertThat(second.status()).isEqualTo(200);
    List<LoggedRequest> creations =
        STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/accounts")));
    assertThat(creations).hasSize(1);
    LoggedRequest creation = creations.getFirst();
    assertThat(creation.getHeader("Idempotency-Key")).isEqualTo("acct-create:" + business);
    assertThat(creation.getHeader("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
    assertThat(creation.containsHeader("Stripe-Account")).isFalse();
    // Nothing about the business's people: no email, no name, no address.
    assertThat(form(creation.getBodyAsString()))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("type", "standard", "metadata[pawkeep_business_id]", business));
    List<LoggedRequest> links =
        STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/account_links")));
    assertThat(links).hasSize(2);
    assertThat(form(links.getFirst().getBodyAsString()))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "account",
                account,
                "type",
                "account_onboarding",
                "refresh_url",
                "https://pawkeep.test/businesses/" + business + "/payouts",
                "return_url",
                "https://pawkeep.test/businesses/" + business + "/payouts"));
    assertThat(stripeAccounts(business)).isEqualTo(1);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void theOnboardingLinkIsNeitherStoredNorLogged(CapturedOutput output) {
    User owner = withSecondFactor("payout-link");
    String business = createBusiness(owner, "care_company", "Linked Walkers");
    String account = unique("acct_1");
    connect(owner, business, account);
    // A failing link call logs what went wrong, still without the link or the key.
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/account_links"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"x\"}}")));
    onboarding(business, owner);

    String stored =
        schemaOwner
            .jdbc()
            .sql("select to_jsonb(a)::text from stripe_accounts a where account_id = :a")
            .param("a", account)
            .query(String.class)
            .single();
    assertThat(stored).doesNotContain("onboarding-secret").doesNotContain("connect.stripe.com");
    assertThat(
            schemaOwner
                .jdbc()
                .sql(
                    "select count(*) from audit_events where detail::text like '%onboarding-secret%'")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(output.getAll())
        .contains("Stripe refused the account link call")
        .doesNotContain("onboarding-secret")
        .doesNotContain(SECRET_KEY);
  }

  @Test
  void theAccountStateComesFromTheWebhookAndIsSeenByBillingReaders() {
    User owner = withSecondFactor("payout-state");
    String business = createBusiness(owner, "care_company", "Stated Walkers");
    User accountant = signedInUser("payout-accountant");
    hire(owner, business, accountant, "accountant");
    String account = unique("acct_1");

    ApiClient.Response before =
        api.get("/api/v1/businesses/" + business + "/payouts", owner.accessToken());
    assertThat(before.status()).as(before.raw()).isEqualTo(200);
    assertThat(before.json().path("connected").asBoolean()).isFalse();

    connect(owner, business, account);
    assertThat(deliverConnect(accountUpdated(unique("evt_"), account, true, true, false)).status())
        .isEqualTo(200);

    ApiClient.Response state =
        api.get("/api/v1/businesses/" + business + "/payouts", accountant.accessToken());
    assertThat(state.status()).as(state.raw()).isEqualTo(200);
    assertThat(state.json().path("connected").asBoolean()).isTrue();
    assertThat(state.text("accountId")).isEqualTo(account);
    assertThat(state.json().path("detailsSubmitted").asBoolean()).isTrue();
    assertThat(state.json().path("chargesEnabled").asBoolean()).isTrue();
    assertThat(state.json().path("payoutsEnabled").asBoolean()).isFalse();
    assertThat(state.json().path("requirementsDue").get(0).asString())
        .isEqualTo("external_account");
    assertThat(state.raw()).doesNotContain("url");
  }

  @Test
  void staffWithoutPayoutsManageCannotStartOnboardingAndStripeHearsNothing() {
    User owner = withSecondFactor("payout-boss");
    String business = createBusiness(owner, "care_company", "Guarded Walkers");
    User manager = withSecondFactor("payout-manager");
    hire(owner, business, manager, "manager");
    User outsider = withSecondFactor("payout-outsider");
    createBusiness(outsider, "care_company", "Other Walkers");
    stripeConnects(unique("acct_1"));

    ApiClient.Response denied = onboarding(business, manager);
    ApiClient.Response hidden = onboarding(business, outsider);

    assertThat(denied.status()).as(denied.raw()).isEqualTo(403);
    assertThat(hidden.status()).as(hidden.raw()).isEqualTo(404);
    STRIPE.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void withoutPayoutsManageTheDatabaseRefusesToRecordAnAccount() {
    User owner = withSecondFactor("payout-db-owner");
    String business = createBusiness(owner, "care_company", "Database Walkers");
    User manager = withSecondFactor("payout-db-manager");
    hire(owner, business, manager, "manager");

    Throwable refused =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                asCaller(
                    manager,
                    db ->
                        db.sql(
                                "select pawkeep_stripe_account_created(cast(:b as uuid),"
                                    + " 'acct_1Forged', false)")
                            .param("b", business)
                            .query(String.class)
                            .single()));
    assertThat(refused).hasStackTraceContaining("payouts.manage is required");
    Throwable direct =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                asCaller(
                    owner,
                    db ->
                        db.sql(
                                "insert into stripe_accounts (business_id, account_id, livemode,"
                                    + " created_at, created_by) values (cast(:b as uuid),"
                                    + " 'acct_1Forged', false, now(), gen_random_uuid())")
                            .param("b", business)
                            .update()));
    assertThat(direct).hasStackTraceContaining("permission denied");
    Throwable events =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                asCaller(
                    owner,
                    db -> db.sql("select count(*) from stripe_events").query().listOfRows()));
    assertThat(events).hasStackTraceContaining("permission denied");
  }

  @Test
  void aStripeFailureIsABadGatewayProblemNamingNoStripeDetail() {
    User owner = withSecondFactor("payout-fail");
    String business = createBusiness(owner, "care_company", "Failing Walkers");
    stripeFails();

    ApiClient.Response r = onboarding(business, owner);

    assertThat(r.status()).as(r.raw()).isEqualTo(502);
    assertThat(r.text("type")).endsWith("payments-provider-error");
    assertThat(r.raw()).doesNotContain("parameter_unknown");
    STRIPE.verify(0, postRequestedFor(urlPathEqualTo("/v1/account_links")));
    assertThat(stripeAccounts(business)).isZero();
  }

  private ApiClient.Response onboarding(String business, User caller) {
    return api.post(
        "/api/v1/businesses/" + business + "/payouts/onboarding", null, caller.accessToken());
  }

  private long stripeAccounts(String business) {
    return schemaOwner
        .jdbc()
        .sql("select count(*) from stripe_accounts where business_id = cast(:b as uuid)")
        .param("b", business)
        .query(Long.class)
        .single();
  }
}
