package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.stripe.Stripe;
import io.pawkeep.bookings.BusinessPagesTestSupport;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The billing pages in Chromium with payments on against the local fake Stripe (PAY-1, PAY-2,
 * DOM-9, AUTHZ-5): a manager drafts and issues an invoice (bad amounts and an empty draft refused
 * beside their field), the household pays on the fake Checkout page and sees the invoice paid only
 * once the signed event arrived, the owner is sent to Stripe's onboarding link, and everyone else
 * gets the 404 or 403 page. The fake Stripe serves the pages it links to, so following the 303
 * proves the page's form-action lets the redirect through (the harness fails on any violation).
 */
class BillingPagesBrowserTests extends BusinessPagesTestSupport {

  /** A fake Stripe of the browser tests' own: the API tests' fake is reset by their tests. */
  static final WireMockServer STRIPE = StripeTestSupport.startStripe();

  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Autowired OwnerDatabase schemaOwner;

  @DynamicPropertySource
  static void stripe(DynamicPropertyRegistry registry) {
    StripeFake.register(registry, STRIPE);
  }

  @BeforeEach
  void resetStripe() {
    STRIPE.resetAll();
  }

  @Test
  void aManagerDraftsAnInvoiceOfACompletedBookingAnExtraLineAndATipThenIssuesIt() {
    Company c = company("The Kennel");
    completed(c, 30);
    signIn(browser, c.manager());
    browser
        .phone()
        .open("/businesses/" + c.business() + "/invoices")
        .waitForText("No invoices yet.");
    browser.desktop();
    browser.click("New invoice").waitForText("1. Client").assertAccessible();
    new Select(browser.find("#client")).selectByVisibleText("The Kennel");
    browser.click("Show completed bookings").waitForText("2. Lines for The Kennel");
    browser.assertAccessible();
    assertThat(browser.text()).contains("Morning walk", "25.00 EUR");

    // Bad input: nothing to bill, then a negative amount, each said beside its field.
    browser.click("Create draft").waitForText("Choose at least one completed booking");
    browser.assertAccessible();
    assertThat(browser.find("#bookings-error").getText()).contains("add an extra line");
    browser.fill("description0", XSS).fill("amount0", "-5").click("Create draft");
    browser.waitForText("Enter an amount above zero").assertAccessible();
    assertThat(browser.find("#amount0").getAttribute("aria-describedby"))
        .isEqualTo("amount0-error");
    assertThat(browser.find("#description0").getAttribute("value")).isEqualTo(XSS);
    assertThat(invoices(c)).isZero();

    browser.find("#booking-0").click();
    browser.fill("amount0", "12.50").fill("tip", "3").click("Create draft");
    browser.waitForText("Draft invoice").assertAccessible();
    assertThat(browser.find("#invoice-total").getText()).isEqualTo("40.50 EUR");
    assertThat(browser.text()).contains(XSS, "Morning walk", "12.50 EUR", "Tip", "3.00 EUR");

    browser.click("Issue").waitForText("Invoice 1").assertAccessible();
    assertThat(browser.find("#invoice-state").getText()).isEqualTo("open");
    assertThat(browser.find("#history").getText()).contains("Drafted", "Issued as number 1");

    // Voiding asks for a confirmation, beside its box.
    browser.click("Void").waitForText("Tick the box to confirm").assertAccessible();
    assertThat(browser.find("#invoice-state").getText()).isEqualTo("open");
    browser.open("/businesses/" + c.business() + "/invoices");
    assertThat(browser.text()).contains("No. 1", "open", "The Kennel", "40.50 EUR", "0.00 EUR");
    // The booking is billed: the form no longer offers it, until the invoice is voided.
    String form = "/businesses/" + c.business() + "/invoices/new?householdId=" + c.household();
    browser.open(form);
    assertThat(browser.text()).contains("No completed booking left to invoice.");
    browser.navigate("/businesses/" + c.business() + "/invoices").click("No. 1");
    browser.waitForText("Invoice 1").fill("Reason (optional)", "Wrong client");
    browser.find("#confirm").click();
    browser.click("Void").waitForText("Voided: Wrong client").assertAccessible();
    assertThat(browser.find("#invoice-state").getText()).isEqualTo("void");
    browser.open(form);
    assertThat(browser.text()).contains("Morning walk").doesNotContain("No completed booking left");
  }

  @Test
  void theHouseholdPaysOnStripesCheckoutAndSeesThePaymentOnlyOnceTheSignedEventArrived() {
    Company c = company("The Kennel");
    String account = connected(c);
    String invoice = openInvoice(c, 4200);
    String session = StripeTestSupport.unique("cs_test_");
    String checkoutPage = STRIPE.baseUrl() + "/c/pay/" + session;
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","object":"checkout.session","status":"open",
                     "payment_status":"unpaid","url":"%s"}"""
                        .formatted(session, checkoutPage))));
    STRIPE.stubFor(
        get(urlPathMatching("/c/pay/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody(
                        "<!DOCTYPE html><html lang=\"en\"><title>Fake Checkout</title>"
                            + "<h1>Fake Checkout</h1></html>")));

    signIn(browser, c.family());
    browser.open("/households/" + c.household()).click("Invoices").waitForText("Invoice 1");
    browser.assertAccessible();
    browser.click("Invoice 1").waitForText("Pay 42.00 EUR").assertAccessible();
    // Only the page with the Pay form lets a form lead to Checkout's origin (the fake's here).
    assertThat(formAction(browser, "/invoices/" + invoice))
        .isEqualTo("form-action 'self' " + STRIPE.baseUrl());
    assertThat(formAction(browser, "/households/" + c.household() + "/invoices"))
        .isEqualTo("form-action 'self'");
    browser.click("Pay 42.00 EUR").waitForText("Fake Checkout");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(checkoutPage);
    STRIPE.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))
            .withHeader("Stripe-Account", equalTo(account)));

    // Coming back from Checkout pays nothing.
    browser.open("/invoices/" + invoice + "?checkout=returned");
    assertThat(browser.find("#checkout-returned").getText())
        .contains("Payment received by Stripe, waiting for confirmation");
    assertThat(browser.find("#invoice-state").getText()).isEqualTo("open");

    ApiClient.Response delivered = deliverCompleted(account, session, 4200, invoice);
    assertThat(delivered.status()).as(delivered.raw()).isEqualTo(200);
    browser.open("/invoices/" + invoice + "?checkout=returned");
    assertThat(browser.find("#invoice-state").getText()).isEqualTo("paid");
    assertThat(browser.text())
        .doesNotContain("waiting for confirmation")
        .doesNotContain("Pay 42.00 EUR")
        .contains("42.00 EUR received", "Stripe reference pi_");
  }

  @Test
  void payoutsManagersAreSentToStripesOnboardingLinkAndSeeTheAccountsState() {
    Company c = company("The Kennel");
    String account = StripeTestSupport.unique("acct_");
    String link = STRIPE.baseUrl() + "/setup/s/" + account + "/onboarding";
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/accounts"))
            .willReturn(okJson("{\"id\":\"%s\",\"object\":\"account\"}".formatted(account))));
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/account_links"))
            .willReturn(okJson("{\"object\":\"account_link\",\"url\":\"%s\"}".formatted(link))));
    STRIPE.stubFor(
        get(urlPathMatching("/setup/s/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody(
                        "<!DOCTYPE html><html lang=\"en\"><title>Fake onboarding</title>"
                            + "<h1>Fake onboarding</h1></html>")));

    // Staff holding payouts.manage set payouts up, as the owner does.
    User treasurer = signedInUser("treasurer");
    hire(c.owner(), c.business(), treasurer, "staff", Map.of("payouts.manage", "grant"));
    signIn(browser, treasurer);
    browser.open("/businesses/" + c.business()).click("Payouts").waitForText("Stripe account");
    browser.assertAccessible();
    assertThat(browser.text()).contains("No Stripe account is connected yet");
    browser.click("Set up payouts").waitForText("Fake onboarding");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(link);

    browser.open("/businesses/" + c.business() + "/payouts");
    assertThat(browser.find("#account-state").getText()).contains(account);
    assertThat(browser.text()).contains("Continue setup").doesNotContain(link);
  }

  @Test
  void outsidersGetTheNotFoundPageAndAnAccountantReadsButCannotIssue() {
    Company c = company("The Kennel");
    String draft = draft(c, 900);
    String open = openInvoice(c, 4200);
    User otherOwner = signedInUser("other-business");
    createBusiness(otherOwner, "care_company", "Elsewhere");
    User sitter = signedInUser("sitter");
    join(c.family(), c.household(), sitter, "sitter");
    User otherFamily = signedInUser("other-household");
    createHousehold(otherFamily, "Next Door");
    User accountant = signedInUser("accountant");
    hire(c.owner(), c.business(), accountant, "accountant");

    signIn(browser, otherOwner);
    notFound("/businesses/" + c.business() + "/invoices");
    notFound("/businesses/" + c.business() + "/invoices/" + open);
    notFound("/businesses/" + c.business() + "/payouts");
    notFound("/invoices/" + open);

    Browser sitters = anotherBrowser();
    signIn(sitters, sitter);
    sitters.open("/households/" + c.household());
    assertThat(sitters.text()).doesNotContain("Invoices");
    sitters.open("/households/" + c.household() + "/invoices").waitForText("Page not found");
    sitters.open("/invoices/" + open).waitForText("Page not found");

    switchTo(otherFamily);
    notFound("/households/" + c.household() + "/invoices");
    notFound("/invoices/" + open);
    notFound("/invoices/" + draft);

    // The household's own owner never sees a draft.
    switchTo(c.family());
    notFound("/invoices/" + draft);

    switchTo(c.walker());
    browser.open("/businesses/" + c.business() + "/invoices").waitForText("Not allowed");
    browser.open("/businesses/" + c.business() + "/payouts").waitForText("Not allowed");

    switchTo(accountant);
    browser.open("/businesses/" + c.business() + "/invoices/" + draft).waitForText("Draft invoice");
    assertThat(browser.text()).doesNotContain("Issue").contains("9.00 EUR");
    forgePost(browser, "/businesses/" + c.business() + "/invoices/" + draft + "/issue");
    browser.waitForText("Not allowed");
    browser.open("/businesses/" + c.business() + "/invoices/new").waitForText("Not allowed");
    // Accountants see the payout account's state, not the setup button.
    browser.open("/businesses/" + c.business() + "/payouts").waitForText("Stripe account");
    assertThat(browser.text()).doesNotContain("Set up payouts");
    assertThat(
            ownerCount(
                "select count(*) from invoices where id = ?::uuid and state = 'draft'", draft))
        .isOne();
  }

  @Test
  void billingWriteRefundsPartOfAPaidInvoiceAndAFormSentTwiceDraftsOrRefundsOnce() {
    Company c = company("The Kennel");
    String account = connected(c);
    String invoice = paid(c, account, 4200);
    String page = "/businesses/" + c.business() + "/invoices/" + invoice;
    RefundTestSupport.stripeRefunds(STRIPE, StripeTestSupport.unique("re_"), "succeeded");

    signIn(browser, c.manager());
    browser.open(page).waitForText("Up to 42.00 EUR of the invoice can be refunded");
    browser.assertAccessible();
    // Bad input, beside the amount; Stripe hears nothing.
    browser.fill("refund-amount", "0").click("Refund").waitForText("Enter an amount above zero");
    browser.fill("refund-amount", "42.01").click("Refund");
    browser.waitForText("More than can be refunded: at most 42.00 EUR").assertAccessible();
    assertThat(browser.find("#refund-amount").getAttribute("aria-describedby"))
        .startsWith("refund-amount-error");
    assertThat(browser.find("#refund-amount").getAttribute("value")).isEqualTo("42.01");
    assertThat(stripeRefunds()).isZero();

    browser.fill("refund-amount", "10.00");
    new Select(browser.find("#refund-reason")).selectByVisibleText("Requested by the customer");
    browser.click("Refund").waitForText("from payment pi_").assertAccessible();
    assertThat(browser.find("#invoice-state").getText()).isEqualTo("partially_refunded");
    assertThat(browser.find("#refunds").getText())
        .contains("10.00 EUR", "succeeded", "requested by the customer");
    assertThat(browser.text()).contains("Up to 32.00 EUR of the invoice can be refunded");
    assertThat(stripeRefunds()).isOne();

    // The same refund form sent twice (a double click, the back button): one refund.
    RefundTestSupport.stripeRefunds(STRIPE, StripeTestSupport.unique("re_"), "succeeded");
    browser.fill("refund-amount", "5.00");
    assertThat(sendTwice(browser, "#refund-form")).isEqualTo(200L);
    assertThat(stripeRefunds()).isEqualTo(2);
    assertThat(ownerCount("select count(*) from refunds where invoice_id = ?::uuid", invoice))
        .isEqualTo(2);
    browser.open(page).waitForText("Up to 27.00 EUR");
    // The same "New invoice" form sent twice: one draft.
    long before = invoices(c);
    browser.open("/businesses/" + c.business() + "/invoices/new?householdId=" + c.household());
    browser.waitForText("2. Lines for The Kennel").fill("description0", "Key pickup");
    browser.fill("amount0", "9");
    assertThat(sendTwice(browser, "section[aria-labelledby=draft-heading] form")).isEqualTo(200L);
    assertThat(invoices(c)).isEqualTo(before + 1);

    // The household sees what was refunded and its state, no ids.
    switchTo(c.family());
    browser.open("/invoices/" + invoice).waitForText("Refunds").assertAccessible();
    assertThat(browser.find("#refunds").getText())
        .contains("10.00 EUR", "5.00 EUR", "succeeded")
        .doesNotContain("pi_", "re_", "requested by");
    assertThat(browser.find("#invoice-state").getText()).isEqualTo("partially_refunded");
  }

  @Test
  void anAccountantSeesRefundsAndTheDisputeButNoFormAndOutsidersGetTheNotFoundPage() {
    Company c = company("The Kennel");
    String account = connected(c);
    String invoice = paid(c, account, 4200);
    String page = "/businesses/" + c.business() + "/invoices/" + invoice;
    String dispute =
        """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"charge.dispute.created","account":"%s","pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"dispute","amount":4200,"currency":"eur",
           "payment_intent":"pi_test_%s","charge":"ch_1","status":"needs_response",
           "reason":"fraudulent"}}}"""
            .formatted(
                StripeTestSupport.unique("evt_"),
                Stripe.API_VERSION,
                clock.instant().getEpochSecond(),
                account,
                StripeTestSupport.unique("dp_"),
                invoice.replace("-", ""));
    assertThat(deliverConnect(dispute).status()).isEqualTo(200);
    User accountant = signedInUser("accountant");
    hire(c.owner(), c.business(), accountant, "accountant");
    User otherOwner = signedInUser("other-business");
    createBusiness(otherOwner, "care_company", "Elsewhere");

    signIn(browser, accountant);
    browser.open(page).waitForText("Disputed: the card holder disputes this payment");
    browser.assertAccessible();
    assertThat(browser.driver().findElements(org.openqa.selenium.By.id("refund-form"))).isEmpty();
    forgePost(browser, page + "/refunds");
    browser.waitForText("Not allowed");

    switchTo(otherOwner);
    notFound(page);
    forgePost(browser, page + "/refunds");
    browser.waitForText("Page not found");
    assertThat(stripeRefunds()).isZero();
    assertThat(ownerCount("select count(*) from refunds where invoice_id = ?::uuid", invoice))
        .isZero();
  }

  /**
   * Sends the open page's form {@code selector} twice with the same fields (its one-time token
   * included), one after the other as a double click or a resubmission does; the second answer's
   * status.
   */
  static Object sendTwice(Browser b, String selector) {
    return b.driver()
        .executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + " const f = document.querySelector(arguments[0]);"
                + " const send = () => fetch(f.action, {method: 'post',"
                + " body: new URLSearchParams(new FormData(f))});"
                + " send().then(send).then(r => done(r.status), e => done(String(e)));",
            selector);
  }

  private int stripeRefunds() {
    return STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/refunds"))).size();
  }

  /** An invoice the household paid through Checkout, as Stripe's signed event recorded it. */
  private String paid(Company c, String account, long amount) {
    String invoice = openInvoice(c, amount);
    String session = "cs_test_" + invoice.replace("-", "");
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","object":"checkout.session","status":"open",
                     "payment_status":"unpaid","url":"%s/c/pay/%s"}"""
                        .formatted(session, STRIPE.baseUrl(), session))));
    ApiClient.Response started =
        api.post("/api/v1/invoices/" + invoice + "/checkout", null, c.family().accessToken());
    assertThat(started.status()).as(started.raw()).isEqualTo(200);
    ApiClient.Response delivered = deliverCompleted(account, session, amount, invoice);
    assertThat(delivered.status()).as(delivered.raw()).isEqualTo(200);
    return invoice;
  }

  /** The form-action directive of the page at {@code path}, as the browser receives it. */
  static String formAction(Browser b, String path) {
    Object policy =
        b.driver()
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + " fetch(arguments[0]).then(r => done(r.headers.get('content-security-policy')));",
                path);
    return java.util.Arrays.stream(String.valueOf(policy).split(";"))
        .map(String::strip)
        .filter(d -> d.startsWith("form-action"))
        .findFirst()
        .orElseThrow();
  }

  private void switchTo(User user) {
    browser.navigate("/");
    signOut(browser);
    signIn(browser, user);
  }

  private void notFound(String path) {
    browser.open(path).waitForText("Page not found");
  }

  /** A booking of the company's walk, done by the walker {@code days} days from now. */
  private String completed(Company c, int days) {
    String id = assigned(c, c.walkerId(), inHours(24L * days));
    for (String status : new String[] {"in_progress", "completed"}) {
      ApiClient.Response r =
          api.post(
              "/api/v1/bookings/" + id + "/status",
              Map.of("status", status),
              c.walker().accessToken());
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }
    return id;
  }

  private String draft(Company c, long amountMinor) {
    ApiClient.Response r =
        api.post(
            "/api/v1/businesses/" + c.business() + "/invoices",
            InvoiceTestSupport.extraLineBody(c.household(), "Key pickup", amountMinor),
            c.manager().accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  private String openInvoice(Company c, long amountMinor) {
    String id = draft(c, amountMinor);
    ApiClient.Response r =
        api.post("/api/v1/invoices/" + id + "/issue", Map.of(), c.manager().accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return id;
  }

  /** The business's connected account, taking charges (as after its account.updated event). */
  private String connected(Company c) {
    return CheckoutTestSupport.connected(schemaOwner, c.business());
  }

  private ApiClient.Response deliverConnect(String body) {
    return CheckoutTestSupport.deliverConnect(api, clock, body);
  }

  private ApiClient.Response deliverCompleted(
      String account, String session, long amount, String invoice) {
    String body =
        """
        {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,
         "type":"checkout.session.completed","account":"%s","pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"checkout.session","mode":"payment",
           "status":"complete","payment_status":"paid","payment_intent":"pi_%s",
           "amount_total":%d,"currency":"eur","client_reference_id":"%s",
           "metadata":{"pawkeep_invoice_id":"%s"}}}}"""
            .formatted(
                StripeTestSupport.unique("evt_"),
                Stripe.API_VERSION,
                clock.instant().getEpochSecond(),
                account,
                session,
                session.replace("cs_", ""),
                amount,
                invoice,
                invoice);
    return deliverConnect(body);
  }

  private long invoices(Company c) {
    return ownerCount("select count(*) from invoices where business_id = ?::uuid", c.business());
  }

  private long ownerCount(String sql, Object... params) {
    return schemaOwner.jdbc().sql(sql).params(params).query(Long.class).single();
  }
}
