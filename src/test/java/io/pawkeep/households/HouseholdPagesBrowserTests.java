package io.pawkeep.households;

import static io.pawkeep.households.HouseholdBrowsing.sameSession;
import static io.pawkeep.households.HouseholdBrowsing.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.PageClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The household pages in Chromium: an owner creates a household, invites a sitter who accepts in
 * another browser after signing in, sets the sitter's window, stores and reveals the alarm code and
 * finds the reveal in the log; the denials (another household is the 404 page, a member cannot
 * manage) and the mistakes shown beside their fields.
 */
class HouseholdPagesBrowserTests extends BrowserTestSupport {

  private static final DateTimeFormatter INPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  @Test
  void anOwnerCreatesAHouseholdInvitesASitterWhoAcceptsThenRevealsTheAlarmCodeAndSeesItInTheLog() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    signInAs(browser, owner);

    browser.open("/households").waitForText("You are not in a household yet");
    browser.click("Create household").waitForText("Enter a name.").assertAccessible();
    assertThat(browser.find("#name").getAttribute("aria-describedby")).isEqualTo("name-error");
    browser.fill("Name", "Maple Street").click("Create household").waitForText("Your role: owner");
    browser.assertAccessible();
    String householdPath = browser.path();
    assertThat(householdPath).matches("/households/[0-9a-f-]{36}");

    // A window only goes with a sitter's invitation; the sitter's starts now, minus a day.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Instant from = now.minus(Duration.ofDays(1));
    Instant until = now.plus(Duration.ofDays(1));
    String window = "Sitting window: " + SHOWN.format(from) + " to " + SHOWN.format(until);
    setValue("#invite-from", INPUT.format(from));
    setValue("#invite-until", INPUT.format(until));
    browser.click("Create invitation link").waitForText("Only a sitter has a sitting window.");
    browser.assertAccessible();
    assertThat(browser.find("#invite-from").getAttribute("aria-describedby"))
        .isEqualTo("invite-from-error");
    browser.find("#invite-role").sendKeys("sitter");
    browser.click("Create invitation link").waitForText("Send this link");
    assertThat(browser.text())
        .contains("Their sitting window: " + SHOWN.format(from) + " to " + SHOWN.format(until));
    browser.assertAccessible();
    String link = browser.find("#invite-link").getText();
    assertThat(link).startsWith(baseUrl() + "/invites/");
    assertThat(browser.find("button[data-copy-target]").isDisplayed()).isTrue();

    // The sitter opens the link on their own device before signing in, signs in, and is back.
    Browser phone = anotherBrowser();
    phone.open(link).waitForText("Sign in to accept");
    phone.click("Sign in to accept").waitForPath("/sign-in");
    signIn(phone, sitter);
    phone.waitForText("Accept the invitation").assertAccessible();
    assertThat(phone.path()).startsWith("/invites/");
    phone.click("Accept the invitation").waitForText("Your role: sitter").assertAccessible();
    assertThat(phone.path()).isEqualTo(householdPath);
    assertThat(phone.text()).doesNotContain("Invitations").doesNotContain("Create invitation link");

    // The link works once.
    phone.open(link).click("Accept the invitation").waitForText("This invitation is invalid");

    // The sitter has the invitation's window; a window that ends before it starts is refused
    // beside the field.
    String sitterId = userId(sitter);
    browser.open(householdPath).waitForText(sitter.email());
    assertThat(browser.text()).contains(window);
    setValue("#from-" + sitterId, INPUT.format(now));
    setValue("#until-" + sitterId, INPUT.format(now.minus(Duration.ofHours(1))));
    saveMember(sitterId);
    browser.waitForText("The end must be after the start.").assertAccessible();
    assertThat(browser.find("#until-" + sitterId).getAttribute("aria-describedby"))
        .isEqualTo("until-error-" + sitterId);
    setValue("#from-" + sitterId, INPUT.format(from));
    setValue("#until-" + sitterId, INPUT.format(until));
    saveMember(sitterId);
    browser.waitForText(window);

    // The owner stores and reveals the alarm code, and the reveal is in the log.
    browser.click("Access secrets").waitForText("Change the secrets").assertAccessible();
    browser.find("#alarmCode").sendKeys("4921");
    browser.find("#wifiName").sendKeys("maple-net");
    browser.click("Save the secrets").waitForText("Saved.");
    browser.find("#reveal-alarmCode").click();
    browser.fill("Reason", "Checking the code works").click("Reveal");
    browser.waitForText("4921").assertAccessible();
    browser.click("Maple Street");
    browser.click("Reveal log").waitForText("Checking the code works").assertAccessible();
    assertThat(browser.text()).contains("Alarm code").contains(owner.email());

    // The sitter, inside the window, reveals too; the owner sees who did.
    phone.open(householdPath + "/secrets").waitForText("only inside your sitting window");
    assertThat(phone.text()).doesNotContain("Change the secrets");
    phone.fill("Reason", "Evening walk").click("Reveal").waitForText("4921");
    browser.open(householdPath + "/secrets/log").waitForText("Evening walk");
    assertThat(browser.text()).contains(sitter.email());
  }

  @Test
  void anOwnerRevokesAnInvitationChangesARoleAndRemovesAMemberAndKeepsTheLastOwner() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    String household = createHousehold(owner, "Birch Lane");
    join(owner, household, member, "member");
    signInAs(browser, owner);

    browser.open("/households/" + household).waitForText("No open invitations.");
    browser.click("Create invitation link").waitForText("Send this link");
    browser.click("Back to the household").waitForText("member, until");
    browser.click("Revoke").waitForText("No open invitations.").assertAccessible();

    String ownerId = userId(owner);
    browser.find("#role-" + ownerId).sendKeys("member");
    saveMember(ownerId);
    browser.waitForText("A household needs at least one owner.").assertAccessible();

    String memberId = userId(member);
    browser.find("#role-" + memberId).sendKeys("sitter");
    saveMember(memberId);
    browser.waitForText("No sitting window set");
    browser
        .driver()
        .findElement(By.cssSelector("form[action$='/members/" + memberId + "/remove'] button"))
        .click();
    browser.waitForNoText(member.email()).waitForText("Birch Lane");
  }

  @Test
  void anotherHouseholdIsThe404PageAndAMembersForgedOwnerFormsAreRefused() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    String household = createHousehold(owner, "Cedar Court");
    String elsewhere = createHousehold(owner, "Elsewhere");
    join(owner, household, member, "member");
    signInAs(browser, member);

    browser.open("/households/" + elsewhere).waitForText("Page not found");
    browser.open("/households/00000000-0000-0000-0000-000000000000").waitForText("Page not found");
    browser.open("/households/" + household).waitForText("Your role: member");
    assertThat(browser.text()).doesNotContain("Create invitation link").doesNotContain("Revoke");
    assertThat(browser.driver().findElements(By.cssSelector("select[name=role]"))).isEmpty();

    PageClient forged = sameSession(browser, port);
    assertThat(forged.get("/households/" + household).status()).isEqualTo(200);
    assertThat(
            forged.post("/households/" + household + "/invites", Map.of("role", "owner")).status())
        .isEqualTo(403);
    assertThat(
            forged
                .post(
                    "/households/" + household + "/members/" + userId(member),
                    Map.of("role", "owner"))
                .status())
        .isEqualTo(403);
    assertThat(
            forged.post("/households/" + elsewhere + "/invites", Map.of("role", "member")).status())
        .isEqualTo(404);
    browser.open("/households/" + household).waitForText("Your role: member");
  }

  @Test
  void theHouseholdPageWorksOnAPhone() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "<img src=x onerror=alert(1)>");
    browser.phone();
    signInAs(browser, owner);
    browser.open("/households/" + household).waitForText("Your role: owner");
    assertThat(browser.find("h1").getText()).isEqualTo("<img src=x onerror=alert(1)>");
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();
    Object width = browser.driver().executeScript("return document.documentElement.scrollWidth;");
    assertThat(((Number) width).intValue()).isLessThanOrEqualTo(360);
    browser.click("Households").waitForText("Create a household").assertAccessible();
    assertThat(browser.find("h1").getText()).isEqualTo("Households");
  }

  private void setValue(String css, String value) {
    browser.driver().executeScript("arguments[0].value = arguments[1];", browser.find(css), value);
  }

  private void saveMember(String userId) {
    browser
        .driver()
        .findElement(By.cssSelector("form[action$='/members/" + userId + "'] button"))
        .click();
  }
}
