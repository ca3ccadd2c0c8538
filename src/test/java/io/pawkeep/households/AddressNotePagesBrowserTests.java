package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The address note page in Chromium: an owner reaches it from the household, saves a note and reads
 * it back, on a phone-sized screen; the harness checks the CSP and WCAG 2.2 AA on each page.
 */
class AddressNotePagesBrowserTests extends HouseholdPagesTestSupport {

  @Test
  void anOwnerSavesTheAddressNoteFromTheHouseholdPageOnAPhone() {
    User owner = signedInUser("note-browser");
    String household = createHousehold(owner, "Phone House");
    browser.phone();
    signIn(owner);

    browser.open("/households/" + household).click("Address note");
    browser.waitForPath("/households/" + household + "/address-note");
    browser.assertAccessible();
    browser.fill("Address note", "Blue door, side gate").click("Save the note");
    browser.waitForText("Saved.");
    browser.assertAccessible();

    assertThat(
            browser.driver().findElement(org.openqa.selenium.By.id("note")).getDomProperty("value"))
        .isEqualTo("Blue door, side gate");
  }
}
