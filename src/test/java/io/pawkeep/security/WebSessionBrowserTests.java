package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

/**
 * Browser sessions (SESS-5) and the CSRF rule in Chromium: signing in with and without the second
 * factor, the cookie's attributes as the browser keeps them, signing out, a form without its token,
 * a shared device's session ending with the browser, and other tabs and devices signed out.
 */
class WebSessionBrowserTests extends BrowserTestSupport {

  @Test
  void aPersonSignsInWithTheirPasswordGetsAHostOnlyHttpOnlySecureCookieAndSignsOut() {
    User walker = signedInUser("walker");
    browser.open("/");
    assertThat(browser.title()).isEqualTo("Sign in · Pawkeep");
    signIn(browser, walker);
    browser.waitForText("Your households").assertAccessible();

    Cookie cookie = browser.cookie("__Host-pawkeep");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.isSecure()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.getDomain()).doesNotStartWith(".");
    assertThat(cookie.getExpiry()).isNotNull();
    Cookie csrf = browser.cookie("__Host-pawkeep-csrf");
    assertThat(csrf.isHttpOnly()).isTrue();
    assertThat(csrf.getSameSite()).isEqualTo("Lax");

    browser.click("Sign out").waitForText("Sign in");
    assertThat(browser.cookie("__Host-pawkeep")).isNull();
    browser.open("/").waitForText("This is a shared device");
  }

  @Test
  void aPersonWithTheSecondFactorIsAskedForTheirCodeAndAWrongOneIsShownBesideTheField() {
    User owner = signedInUser("owner");
    String secret = enrolTotp(owner);
    browser.open("/sign-in");
    signIn(browser, owner);
    browser.waitForText("Enter your code").assertAccessible();
    assertThat(browser.cookie("__Host-pawkeep")).isNull();

    browser.fill("Code", "000000").click("Continue").waitForText("That code did not work");
    browser.assertAccessible();
    assertThat(browser.find("#code").getAttribute("aria-describedby")).isEqualTo("code-error");

    browser.fill("Code", TotpCodes.at(secret, clock)).click("Continue");
    browser.waitForText("Your households").assertAccessible();
  }

  @Test
  void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
    User walker = signedInUser("walker");
    browser.open("/sign-in");
    signIn(browser, walker);
    browser.waitForText("Your households");

    browser
        .driver()
        .executeScript("document.querySelector('form.sign-out input[name=_csrf]').remove()");
    browser.click("Sign out").waitForText("Not allowed").assertAccessible();
    browser.open("/").waitForText("Your households");
  }

  @Test
  void aSharedDeviceSessionEndsWhenTheBrowserClosesAndAnotherDoesNot() {
    User walker = signedInUser("walker");
    browser.open("/sign-in");
    browser.find("#shared").click();
    signIn(browser, walker);
    browser.waitForText("Your households");
    assertThat(browser.cookie("__Host-pawkeep").getExpiry()).isNull();
    browser.restartKeepingPersistentCookies();
    browser.open("/").waitForText("This is a shared device");

    browser.open("/sign-in");
    signIn(browser, walker);
    browser.waitForText("Your households");
    browser.restartKeepingPersistentCookies();
    browser.open("/").waitForText("Your households");
  }

  @Test
  void signingOutInOneTabEndsTheOtherTabsSessionOnItsNextClick() {
    User walker = signedInUser("walker");
    browser.open("/sign-in");
    signIn(browser, walker);
    browser.waitForText("Your households");
    String first = browser.newTab();
    browser.open("/").waitForText("Your households");
    String second = browser.driver().getWindowHandle();

    browser.switchToTab(first).click("Sign out").waitForText("This is a shared device");
    browser.switchToTab(second).click("Home").waitForText("This is a shared device");
    assertThat(browser.text()).doesNotContain("Your households");
  }

  @Test
  void signingOutEverywhereEndsTheSessionOfAnotherDevice() {
    User walker = signedInUser("walker");
    browser.open("/sign-in");
    signIn(browser, walker);
    browser.waitForText("Your households");
    Browser phone = anotherBrowser();
    phone.open("/sign-in");
    signIn(phone, walker);
    phone.waitForText("Your households");

    assertThat(api.delete("/api/v1/me/sessions", null, walker.accessToken()).status())
        .isEqualTo(204);
    phone.click("Home").waitForText("This is a shared device");
    browser.click("Home").waitForText("This is a shared device");
  }

  private static void signIn(Browser browser, User user) {
    browser.fill("Email", user.email()).fill("Password", user.password()).click("Sign in");
  }
}
