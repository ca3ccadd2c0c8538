package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The household's key pages in a real browser: custody for owners, reading for members. */
class KeyPagesBrowserTests extends HouseholdPagesTestSupport {

  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Test
  void anOwnerRegistersAKeyHandsACopyOverAndRecordsItsReturn() {
    User owner = signedInUser("key-owner");
    String household = createHousehold(owner, "Key House");
    signIn(owner);
    browser.phone().open("/households/" + household + "/keys");
    assertThat(browser.text()).contains("No key is registered for this household yet.");

    browser.fill("Name of the key", XSS).fill("Copies", "2").click("Register key");
    browser.waitForText("0 of 2 copies out").assertAccessible();
    // The typed name is text, never markup.
    assertThat(browser.text()).contains(XSS);
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();

    browser.fill("Hand a copy of " + XSS + " to", "Sam Sitter").click("Hand over");
    browser.waitForText("1 of 2 copies out").assertAccessible();
    assertThat(browser.text()).contains("Sam Sitter");

    browser.click("Mark returned").waitForText("0 of 2 copies out").assertAccessible();
    browser.desktop().click("History of this key").waitForPath("/keys/").assertAccessible();
    assertThat(browser.text()).contains("History of " + XSS).contains("Sam Sitter");
    assertThat(browser.text()).doesNotContain("Still out");
  }

  @Test
  void aMemberSeesTheKeysButCannotRegisterHandOverOrReturnOne() {
    User owner = signedInUser("key-owner");
    String household = createHousehold(owner, "Key House");
    User member = signedInUser("key-member");
    join(owner, household, member, "member");
    String key = key(owner, household, "Back door", 1);
    api.post(
        "/api/v1/keys/" + key + "/handovers",
        Map.of("holderName", "Neighbour"),
        owner.accessToken());

    signIn(member);
    browser.open("/households/" + household + "/keys");
    assertThat(browser.text()).contains("Back door").contains("Neighbour");
    assertThat(browser.driver().findElements(By.cssSelector("main form"))).isEmpty();

    PageClient client = pageClient(member);
    client.get("/households/" + household + "/keys");
    assertThat(client.post("/keys/" + key + "/handovers", Map.of("holderName", "Me")).status())
        .isEqualTo(403);
    assertThat(
            client
                .post("/households/" + household + "/keys", Map.of("label", "Mine", "copies", "1"))
                .status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/households/" + household + "/keys", owner.accessToken()).raw())
        .doesNotContain("Mine")
        .contains("Neighbour");
  }

  @Test
  void anotherHouseholdsKeyAnswersThePageNotFound() {
    User owner = signedInUser("key-owner");
    String household = createHousehold(owner, "Key House");
    String key = key(owner, household, "Garage", 1);
    User stranger = signedInUser("key-stranger");
    createHousehold(stranger, "Elsewhere");

    signIn(stranger);
    browser.open("/keys/" + key);
    assertThat(browser.text()).contains("Page not found").doesNotContain("Garage");
    browser.open("/households/" + household + "/keys");
    assertThat(browser.text()).contains("Page not found");
    PageClient client = pageClient(stranger);
    client.get("/");
    assertThat(client.post("/keys/" + key + "/handovers", Map.of("holderName", "Me")).status())
        .isEqualTo(404);
  }

  @Test
  void aKeyWithoutANameOrWithTooManyCopiesShowsTheErrorsBesideTheFields() {
    User owner = signedInUser("key-owner");
    String household = createHousehold(owner, "Key House");
    String key = key(owner, household, "Shed", 1);
    signIn(owner);
    browser.open("/households/" + household + "/keys");
    browser.fill("Name of the key", " ").fill("Copies", "99").click("Register key");
    browser.waitForText("Give the key a name").assertAccessible();
    assertThat(browser.find("#label").getAttribute("aria-describedby")).isEqualTo("label-error");
    assertThat(browser.find("#copies").getAttribute("aria-describedby")).isEqualTo("copies-error");
    assertThat(browser.find("#copies").getAttribute("value")).isEqualTo("99");

    browser.fill("Hand a copy of Shed to", "   ").click("Hand over");
    browser.waitForText("Enter the name of the person").assertAccessible();
    browser.fill("Hand a copy of Shed to", "First").click("Hand over");
    browser.waitForText("1 of 1 copies out");
    assertThat(browser.driver().findElements(By.id("holder-" + key))).isNotEmpty();
  }
}
