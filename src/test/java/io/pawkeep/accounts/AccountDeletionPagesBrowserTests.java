package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The account deletion page in Chromium (PRIV-2): a missing or wrong password is shown beside the
 * field and deletes nothing; the only owner of a household is told to hand it over; the right
 * password signs the person out everywhere, on a phone-sized screen; a signed-out browser cannot
 * delete anyone.
 */
class AccountDeletionPagesBrowserTests extends BrowserTestSupport {

  @Test
  void aPersonDeletesTheirAccountAfterAWrongPasswordAndIsSignedOutEverywhere() {
    User person = signedInUser("page-leaver");
    browser.phone();
    signInAs(person);
    browser.open("/account").click("Delete your account");
    browser.waitForPath("/account/delete").assertAccessible();
    browser.click("Delete my account").waitForText("Enter your current password.");
    browser.fill("Current password", "not-the-password").click("Delete my account");
    browser.waitForText("The current password is not correct.").assertAccessible();
    assertThat(browser.find("#current-password").getAttribute("aria-describedby"))
        .isEqualTo("current-error");
    assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);

    browser.fill("Current password", person.password()).click("Delete my account");
    browser.waitForText("Your account was deleted").assertAccessible();
    assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(401);
    assertThat(login(person.email(), person.password()).status()).isEqualTo(401);
    browser.open("/account");
    browser.waitForPath("/sign-in");
  }

  @Test
  void theOnlyOwnerOfAHouseholdIsToldToHandItOverAndASignedOutBrowserDeletesNothing() {
    User owner = signedInUser("page-sole-owner");
    createHousehold(owner, "Only Mine");
    signInAs(owner);
    browser.open("/account/delete");
    browser.fill("Current password", owner.password()).click("Delete my account");
    browser.waitForText("only owner of a household").assertAccessible();
    assertThat(api.get("/api/v1/me", owner.accessToken()).status()).isEqualTo(200);

    PageClient signedOut = new PageClient(port);
    signedOut.get("/sign-in");
    assertThat(
            signedOut.post("/account/delete", Map.of("currentPassword", owner.password())).status())
        .isNotEqualTo(200);
    assertThat(api.get("/api/v1/me", owner.accessToken()).status()).isEqualTo(200);
  }
}
