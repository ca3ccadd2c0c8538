package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BusinessPagesTestSupport;
import io.pawkeep.testing.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The billing pages without Stripe settings (the development default; PAY-1): the household's
 * invoice and the payouts page say payments are not set up and offer no button, a forged Pay is
 * refused without calling anyone, and no page widens its form-action.
 */
class PaymentsOffPagesBrowserTests extends BusinessPagesTestSupport {

  @Test
  void withoutStripeTheInvoiceAndPayoutPagesSayPaymentsAreNotSetUpAndOfferNoButton() {
    Company c = company("The Kennel");
    ApiClient.Response drafted =
        api.post(
            "/api/v1/businesses/" + c.business() + "/invoices",
            InvoiceTestSupport.extraLineBody(c.household(), "Key pickup", 4200),
            c.manager().accessToken());
    assertThat(drafted.status()).as(drafted.raw()).isEqualTo(201);
    String invoice = drafted.text("id");
    ApiClient.Response issued =
        api.post("/api/v1/invoices/" + invoice + "/issue", Map.of(), c.manager().accessToken());
    assertThat(issued.status()).as(issued.raw()).isEqualTo(200);

    signIn(browser, c.family());
    browser.open("/invoices/" + invoice).waitForText("Card payments are not set up");
    assertThat(browser.text()).contains("42.00 EUR").doesNotContain("Pay 42.00 EUR");
    assertThat(BillingPagesBrowserTests.formAction(browser, "/invoices/" + invoice))
        .isEqualTo("form-action 'self'");
    forgePost(browser, "/invoices/" + invoice + "/pay");
    browser.waitForText("Payments are not set up on this Pawkeep");
    assertThat(browser.text()).doesNotContain("Pay 42.00 EUR");

    browser.navigate("/");
    signOut(browser);
    signIn(browser, c.manager());
    browser.open("/businesses/" + c.business() + "/payouts").waitForText("Payments are not set up");
    assertThat(browser.text()).doesNotContain("Set up payouts");
    assertThat(
            BillingPagesBrowserTests.formAction(
                browser, "/businesses/" + c.business() + "/payouts"))
        .isEqualTo("form-action 'self'");
  }
}
