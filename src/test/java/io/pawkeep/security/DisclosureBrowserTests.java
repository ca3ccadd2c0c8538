package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import org.junit.jupiter.api.Test;

/**
 * HARD-6: the disclosure page in Chromium, for a stranger and for a signed-in person, on a phone
 * and a desktop: accessible (axe-core, WCAG 2.2 AA) and within the content security policy (the
 * harness fails on any violation). It has no form and nothing is hidden from anyone, so it has no
 * denial or bad input of its own.
 */
class DisclosureBrowserTests extends BrowserTestSupport {

  @Test
  void aStrangerFindsHowToReportAVulnerabilityOnAPhoneAndADesktop() {
    for (Browser.Viewport size : new Browser.Viewport[] {Browser.PHONE, Browser.DESKTOP}) {
      browser.viewport(size);
      browser.open("/sign-in").click("Report a security vulnerability");
      browser.waitForPath("/security").waitForText("Security and vulnerability disclosure");
      browser.assertAccessible();
      assertThat(browser.find("main a[href^='mailto:']").getText())
          .isEqualTo("security@pawkeep.localhost");
      long overflow =
          (Long)
              browser
                  .driver()
                  .executeScript(
                      "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).as("horizontal scrolling at %s", size).isLessThanOrEqualTo(0);
    }
    browser
        .click("/.well-known/security.txt")
        .waitForText("Contact: mailto:security@pawkeep.localhost");
  }

  @Test
  void aSignedInPersonSeesThePageInTheirShell() {
    User owner = signedInUser("owner");
    signInAs(owner);
    browser.open("/security").waitForText("How to report");
    assertThat(browser.text()).contains("Sign out");
  }
}
