package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The shell in Chromium: the sign-in page and the home on a 360 px phone and a desktop with no CSP
 * or WCAG 2.2 AA violation, text people typed shown as text, the 404 page, and the weight of a
 * page.
 */
class PageShellBrowserTests extends BrowserTestSupport {

  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Test
  void theSignInPageAndTheHomeWorkOnAPhoneAndADesktop() {
    User owner = signedInUser("owner");
    createHousehold(owner, "Maple Street");
    for (Browser.Viewport size : new Browser.Viewport[] {Browser.PHONE, Browser.DESKTOP}) {
      browser.viewport(size);
      browser.open("/").waitForText("This is a shared device");
      browser.fill("Email", owner.email()).fill("Password", owner.password()).click("Sign in");
      browser.waitForText("Maple Street").assertAccessible();
      long overflow =
          (Long)
              browser
                  .driver()
                  .executeScript(
                      "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).as("horizontal scrolling at %s", size).isLessThanOrEqualTo(0);
      browser.click("Sign out").waitForText("This is a shared device");
    }
  }

  @Test
  void aHouseholdNamedLikeMarkupIsShownAsTextAndRunsNothing() {
    User owner = signedInUser("owner");
    createHousehold(owner, XSS);
    signInAs(owner).navigate("/");
    browser.waitForText(XSS).assertAccessible();
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();
  }

  @Test
  void anUnknownPageIsTheAccessible404() {
    User walker = signedInUser("walker");
    signInAs(walker);
    browser.open("/no-such-page").waitForText("Page not found");
  }

  @Test
  void theSignInPageWeighsLessThan100KilobytesOnTheWire() {
    Browser.PageWeight weight = browser.weigh("/sign-in");
    System.out.println(
        "GET /sign-in transferred " + weight.transferredBytes() + " B: " + weight.resources());
    assertThat(weight.transferredBytes()).as(weight.resources().toString()).isLessThan(100_000);
  }
}
