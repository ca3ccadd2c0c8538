package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.Mailbox;
import org.junit.jupiter.api.Test;

/**
 * The account pages in Chromium, with no CSP or WCAG 2.2 AA violation on any of them: an owner
 * signs up through the mailed link and turns on the second factor; bad input shown beside its
 * field; the sessions page ends another device's session; a stranger is sent to sign in.
 */
class AccountPagesBrowserTests extends BrowserTestSupport {

  @Test
  void anOwnerSignsUpThroughTheMailedLinkAndTurnsOnTheSecondFactor() {
    String email = uniqueEmail("owner");
    browser.open("/sign-in").click("Sign up");
    browser.waitForText("Your name").assertAccessible();
    browser
        .fill("Your name", "Olive Owner")
        .fill("Email", email)
        .fill("Password", "short")
        .click("Sign up");
    browser.waitForText("Your name").assertAccessible();
    assertThat(browser.find("#password").getAttribute("aria-describedby"))
        .isEqualTo("password-error");
    browser.fill("Password", PASSWORD).click("Sign up");
    browser.waitForText("Check your email").assertAccessible();

    String token = Mailbox.awaitLatest(email, "Confirm", 1).token();
    browser.open("/verify-email.html?token=" + token).click("Confirm my email");
    browser.waitForText("Your email is confirmed");

    browser.open("/sign-in");
    browser.fill("Email", email).fill("Password", PASSWORD).click("Sign in");
    browser.waitForText("Your households").assertAccessible();
    browser.click("Account").waitForText("Your account").assertAccessible();
    browser.click("Second factor").waitForText("Set up the second factor").assertAccessible();
    browser.click("Set up the second factor").waitForText("Scan this code").assertAccessible();
    String secret = browser.find("code.secret").getText();

    browser.fill("Code from the app", TotpCodes.wrongAt(secret, clock));
    browser.click("Turn on the second factor").waitForText("That code did not work");
    browser.assertAccessible();
    browser.fill("Code from the app", TotpCodes.at(secret, clock));
    browser.click("Turn on the second factor").waitForText("Your recovery codes");
    browser.assertAccessible();
    assertThat(browser.driver().findElements(org.openqa.selenium.By.cssSelector(".codes li")))
        .hasSize(10);
    clock.advance(TotpCodes.step());

    browser.click("Sign out").waitForText("This is a shared device");
    browser.fill("Email", email).fill("Password", PASSWORD).click("Sign in");
    browser.waitForText("Enter your code");
    browser.fill("Code", TotpCodes.at(secret, clock)).click("Continue");
    browser.waitForText("Your households");
  }

  @Test
  void theSessionsPageEndsAnotherDevicesSessionAndChangingThePasswordKeepsThisOne() {
    User walker = signedInUser("walker");
    Browser phone = anotherBrowser();
    phone.open("/sign-in");
    phone.fill("Email", walker.email()).fill("Password", walker.password()).click("Sign in");
    phone.waitForText("Your households");

    browser.open("/sign-in");
    browser.fill("Email", walker.email()).fill("Password", walker.password()).click("Sign in");
    browser.waitForText("Your households");
    browser.open("/account/sessions").waitForText("This browser");
    browser.click("Sign out everywhere").waitForText("This is a shared device");
    phone.click("Home").waitForText("This is a shared device");
  }

  @Test
  void thePasswordPageShowsAWrongCurrentPasswordBesideItsFieldAndKeepsThisBrowserSignedIn() {
    User walker = signedInUser("walker");
    signInAs(walker);
    browser.open("/account/password").waitForText("Change your password");
    browser
        .fill("Current password", "not-the-current-password")
        .fill("New password", "lantern-harbour-violet-quietly-93")
        .click("Change password");
    browser.waitForText("The current password is not correct.").assertAccessible();
    assertThat(browser.find("#current-password").getAttribute("aria-describedby"))
        .isEqualTo("current-error");
    assertThat(browser.find("#current-password").getDomProperty("value")).isEmpty();

    browser
        .fill("Current password", walker.password())
        .fill("New password", "lantern-harbour-violet-quietly-93")
        .click("Change password");
    browser.waitForPath("/account").waitForText("Your account").assertAccessible();
    browser.open("/").waitForText("Your households");
  }

  @Test
  void theAccountPagesSendAStrangerToSignIn() {
    browser.open("/account/sessions").waitForText("This is a shared device");
    assertThat(browser.path()).startsWith("/sign-in");
    browser.open("/forgot-password").fill("Email", "").click("Mail me a link");
    browser.waitForText("Enter your email address.").assertAccessible();
  }
}
