package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Services in Chromium: a settings manager adds one (bad input beside each field); staff read the
 * list without the form and are refused when posting it anyway; another business is not found.
 */
class ServicePagesBrowserTests extends BusinessPagesTestSupport {

  @Test
  void aManagerAddsAServiceAndStaffOnlyReadTheList() {
    Company c = company("The Kennel");
    String services = "/businesses/" + c.business() + "/services";
    signIn(browser, c.manager());
    browser.open(services).waitForText("Morning walk");
    browser.fill("Name", "").fill("Duration in minutes", "an hour").fill("Price", "-3");
    browser.fill("Currency", "ZZZ").click("Add service");
    browser.waitForText("Enter whole minutes").assertAccessible();
    assertThat(browser.text())
        .contains("Enter a name", "Enter a price such as", "Enter a currency code");
    assertThat(browser.find("#duration").getAttribute("aria-describedby"))
        .isEqualTo("duration-error");
    assertThat(browser.find("#duration").getAttribute("value")).isEqualTo("an hour");
    browser.fill("Name", "<b>Evening</b> walk").fill("Duration in minutes", "45");
    browser.fill("Price", "19.50").fill("Currency", "eur").click("Add service");
    browser.waitForText("<b>Evening</b> walk").assertAccessible();
    assertThat(browser.text()).contains("45 min · 19.50 EUR");
    signOut(browser);

    signIn(browser, c.walker());
    browser.open(services).waitForText("Evening");
    assertThat(browser.text()).doesNotContain("Add a service");
    forgePost(browser, services + "?kind=walk&name=Mine&duration=30&price=1&currency=EUR");
    browser.waitForText("Not allowed").assertAccessible();
    Company rival = company("Other Kennel");
    browser.open("/businesses/" + rival.business() + "/services").waitForText("Page not found");
  }
}
