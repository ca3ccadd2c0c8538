package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.Mailbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pages behind the links Pawkeep mails, in a real browser: each does its task, shows a bad
 * link's error, keeps to the CSP and meets WCAG 2.2 AA on a desk and on a phone.
 */
class AccountLinkPagesBrowserTests extends BrowserTestSupport {

  @Test
  void theMailedLinkConfirmsTheAddress() {
    String email = uniqueEmail("browser-confirm");
    ApiClient.Response registered =
        api.post(
            "/api/v1/auth/register",
            Map.of("email", email, "password", PASSWORD, "displayName", "Alex Walker"));
    assertThat(registered.status()).as(registered.raw()).isEqualTo(202);
    String token = Mailbox.awaitLatest(email, "Confirm", 1).token();

    browser.open("/verify-email.html?token=" + token);
    assertThat(browser.path())
        .as("the token leaves the address bar")
        .isEqualTo("/verify-email.html");
    browser.click("Confirm my email").waitForText("Your email is confirmed");

    browser.assertAccessible();
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void aBadConfirmationLinkSaysSoBesideTheButton() {
    browser.open("/verify-email.html?token=not-a-token");
    browser.click("Confirm my email").waitForText("link");

    assertThat(browser.find("#result").getText()).isNotBlank();
    browser.assertAccessible();
  }

  @Test
  void theMailedLinkSetsANewPassword() {
    User user = signedInUser("browser-reset");
    assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", user.email())).status())
        .isEqualTo(202);
    String token = Mailbox.awaitLatest(user.email(), "Reset", 1).token();
    String newPassword = "amber-heron-folds-nine-maps";

    browser.open("/reset-password.html?token=" + token);
    browser
        .fill("password", newPassword)
        .click("Set password")
        .waitForText("Your password is changed");

    browser.assertAccessible();
    assertThat(login(user.email(), newPassword).status()).isEqualTo(200);
    assertThat(login(user.email(), PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void aBadResetLinkChangesNothingAndSaysSo() {
    browser.open("/reset-password.html?token=not-a-token");
    browser.fill("password", "amber-heron-folds-nine-maps").click("Set password");

    browser.waitForText("link");
    assertThat(browser.find("#reset-password").isDisplayed()).isTrue();
    browser.assertAccessible();
  }

  @Test
  void bothPagesMeetWcagOnAPhone() {
    browser.phone().open("/verify-email.html").open("/reset-password.html");

    assertThat(browser.driver().executeScript("return innerWidth")).isEqualTo(360L);
  }

  @Test
  void eachPageWeighsUnder100KilobytesOnTheWire() {
    for (String page : new String[] {"/verify-email.html", "/reset-password.html"}) {
      Browser.PageWeight weight = browser.weigh(page);

      assertThat(weight.transferredBytes()).as("%s: %s", page, weight).isLessThan(100_000);
      System.out.println(page + " weighs " + weight);
    }
  }
}
