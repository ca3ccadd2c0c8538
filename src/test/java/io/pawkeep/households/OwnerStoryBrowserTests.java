package io.pawkeep.households;

import static io.pawkeep.households.HouseholdBrowsing.sameSession;
import static io.pawkeep.households.HouseholdBrowsing.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.Mailbox;
import io.pawkeep.testing.PageClient;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The acceptance story in one go, through the real pages in Chromium (each page checked for
 * CSP and WCAG 2.2 AA by the harness): a stranger signs up through the mailed link, turns on the
 * second factor, creates a household and a pet, shares the home with a sitter who accepts in their
 * own browser, stores and reveals the alarm code and finds the reveal in the log; the sitter gets
 * no edit form for the secrets, and a forged edit is refused.
 */
class OwnerStoryBrowserTests extends BrowserTestSupport {

  private static final Pattern LINK = Pattern.compile("https?://\\S+");

  @Test
  void anOwnerSignsUpTurnsOnTheSecondFactorSharesTheHomeWithASitterAndSeesTheRevealInTheLog() {
    String email = uniqueEmail("olive");
    signUpThroughTheMailedLink(email);
    String secret = signInAndTurnOnTheSecondFactor(email);
    assertThat(secret).isNotBlank();

    // A household and a pet.
    browser.click("Households").waitForText("Create a household").assertAccessible();
    browser.fill("Name", "Maple Street").click("Create household").waitForText("Your role: owner");
    browser.assertAccessible();
    String householdPath = browser.path();
    assertThat(householdPath).matches("/households/[0-9a-f-]{36}");
    browser.click("Pets").waitForText("No pets yet.").assertAccessible();
    browser.fill("Name", "Biscuit").click("Add the pet").waitForText("Biscuit");
    browser.assertAccessible();
    assertThat(browser.path()).matches("/pets/[0-9a-f-]{36}");
    browser.open(householdPath + "/pets").waitForText("Biscuit");

    // A sitter's invitation link, opened by a second person in their own browser.
    browser.open(householdPath).waitForText("No open invitations.");
    browser.find("#invite-role").sendKeys("sitter");
    browser.click("Create invitation link").waitForText("Send this link").assertAccessible();
    String link = browser.find("#invite-link").getText();
    assertThat(link).startsWith(baseUrl() + "/invites/");

    User sitter = signedInUser("sitter");
    Browser sitters = anotherBrowser();
    sitters.open(link).waitForText("Sign in to accept");
    sitters.click("Sign in to accept").waitForPath("/sign-in");
    signIn(sitters, sitter);
    sitters.waitForText("Accept the invitation").assertAccessible();
    sitters.click("Accept the invitation").waitForText("Your role: sitter").assertAccessible();
    assertThat(sitters.path()).isEqualTo(householdPath);

    // The owner sees the sitter, stores the alarm code, reveals it with a reason.
    browser.open(householdPath).waitForText(sitter.email());
    browser.click("Access secrets").waitForText("Change the secrets").assertAccessible();
    // "Alarm code" labels both the reveal checkbox and the edit field: the field by its id.
    browser.find("#alarmCode").sendKeys("4921");
    browser.click("Save the secrets").waitForText("Saved.");
    browser.find("#reveal-alarmCode").click();
    browser.fill("Reason", "Checking the code works").click("Reveal").waitForText("4921");
    browser.assertAccessible();

    // The reveal log says who, which field and why.
    browser.click("Maple Street").waitForText("Your role: owner");
    browser.click("Reveal log").waitForText("Checking the code works").assertAccessible();
    RevealLine reveal = firstReveal();
    assertThat(reveal.who()).isEqualTo("Olive Owner (" + email + ")");
    assertThat(reveal.which()).isEqualTo("Alarm code");
    assertThat(reveal.why()).isEqualTo("Checking the code works");

    // The sitter's browser has no form to change the secrets; a forged one is refused.
    sitters.open(householdPath + "/secrets").waitForText("only inside your sitting window");
    assertThat(sitters.text()).doesNotContain("Change the secrets").doesNotContain("Reveal log");
    assertThat(sitters.driver().findElements(By.id("alarmCode"))).isEmpty();
    assertThat(
            sitters
                .driver()
                .findElements(By.cssSelector("form[action$='" + householdPath + "/secrets']")))
        .isEmpty();
    PageClient forged = sameSession(sitters, port);
    forged.get(householdPath + "/secrets");
    assertThat(forged.post(householdPath + "/secrets", Map.of("alarmCode", "0000")).status())
        .isEqualTo(403);
    browser.open(householdPath + "/secrets/log").waitForText("Checking the code works");
    assertThat(browser.driver().findElements(By.cssSelector("#reveals li"))).hasSize(1);
  }

  /** From {@code /} to a confirmed address, through the link in the mail. */
  private void signUpThroughTheMailedLink(String email) {
    browser.open("/").waitForText("Sign in");
    browser.click("Sign up").waitForText("Your name").assertAccessible();
    browser
        .fill("Your name", "Olive Owner")
        .fill("Email", email)
        .fill("Password", PASSWORD)
        .click("Sign up");
    browser.waitForText("Check your email").assertAccessible();
    Mailbox.Mail mail = Mailbox.awaitLatest(email, "Confirm", 1);
    // The mail's link names the configured public address; its path and token are opened here.
    Matcher link = LINK.matcher(mail.body());
    assertThat(link.find()).as(mail.body()).isTrue();
    URI uri = URI.create(link.group());
    assertThat(uri.getPath()).isEqualTo("/verify-email.html");
    assertThat(uri.getQuery()).isEqualTo("token=" + mail.token());
    browser.open(uri.getPath() + "?" + uri.getRawQuery()).click("Confirm my email");
    browser.waitForText("Your email is confirmed");
  }

  /** Signs in, turns on the second factor and keeps the recovery codes; the app's secret back. */
  private String signInAndTurnOnTheSecondFactor(String email) {
    browser.open("/sign-in");
    browser.fill("Email", email).fill("Password", PASSWORD).click("Sign in");
    browser.waitForText("Your households").assertAccessible();
    browser.click("Account").waitForText("Your account").assertAccessible();
    browser.click("Second factor").waitForText("Set up the second factor").assertAccessible();
    browser.click("Set up the second factor").waitForText("Scan this code").assertAccessible();
    String secret = browser.find("code.secret").getText();
    browser.fill("Code from the app", TotpCodes.at(secret, clock));
    browser.click("Turn on the second factor").waitForText("Your recovery codes");
    browser.assertAccessible();
    assertThat(browser.driver().findElements(By.cssSelector(".codes li"))).hasSize(10);
    browser.click("I have kept them: back to your account").waitForText("Your account");
    return secret;
  }

  private RevealLine firstReveal() {
    var values = browser.driver().findElements(By.cssSelector("#reveals li:first-child dd"));
    assertThat(values).hasSize(4);
    return new RevealLine(
        values.get(0).getText(), values.get(2).getText(), values.get(3).getText());
  }

  /** One line of the reveal log as shown. */
  private record RevealLine(String who, String which, String why) {}
}
