package io.pawkeep.households;

import static io.pawkeep.households.HouseholdBrowsing.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.BrowserTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every form control has an accessible name of its own: a screen reader listing a page's fields
 * tells the secret to reveal from the secret to change, and one member's role from another's. The
 * harness checks every page it opens ({@code Browser.assertUniqueLabels}); these tests name the
 * pages that repeat a label.
 */
class FormLabelBrowserTests extends BrowserTestSupport {

  @Test
  void theSecretToRevealAndTheSecretToChangeHaveDifferentNames() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Label Lane");
    browser.open("/sign-in");
    signIn(browser, owner);
    browser.waitForText("Your households");

    browser.navigate("/households/" + household + "/secrets").waitForText("Change the secrets");
    assertThat(browser.duplicateControlNames()).isEmpty();
    assertThat(browser.find("#reveal-alarmCode").getAccessibleName())
        .isNotEqualTo(browser.find("#alarmCode").getAccessibleName())
        .containsIgnoringCase("Alarm code");
    assertThat(browser.text()).contains("Fields to reveal");
  }

  @Test
  void eachMembersFormNamesItsFieldsAfterTheMember() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("member");
    String household = createHousehold(owner, "Two Members Row");
    join(owner, household, sitter, "member");
    browser.open("/sign-in");
    signIn(browser, owner);
    browser.waitForText("Your households");

    browser.navigate("/households/" + household).waitForText(sitter.email());
    assertThat(browser.duplicateControlNames()).isEqualTo(Map.of());
  }
}
