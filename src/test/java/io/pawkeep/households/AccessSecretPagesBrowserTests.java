package io.pawkeep.households;

import static io.pawkeep.households.HouseholdBrowsing.sameSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.LoadMore;
import io.pawkeep.testing.PageClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Access secrets in Chromium: the revealed values are sent with no-store and leave the page when
 * the 60-second timer fires; the reveal log is paginated; owners alone change the secrets (the
 * others see no form and their posts are refused); a sitter outside their window, and another
 * household, are refused; mistakes are shown beside their fields.
 */
class AccessSecretPagesBrowserTests extends BrowserTestSupport {

  @Test
  void revealedSecretsAreNeverCachedAndLeaveThePageWhenTheirSixtySecondsAreUp() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Aspen Row");
    signInAs(browser, owner);

    browser.open("/households/" + household + "/secrets").waitForText("Change the secrets");
    // A value longer than the field takes (typed past the maxlength by a script) is refused
    // beside its field, and nothing typed is sent back.
    browser
        .driver()
        .executeScript(
            "document.getElementById('alarmCode').value = arguments[0];", "9".repeat(65));
    browser.find("#lockboxCode").sendKeys("77-lock");
    browser.click("Save the secrets").waitForText("Use at most 64 characters.").assertAccessible();
    assertThat(browser.find("#alarmCode").getAttribute("aria-describedby"))
        .isEqualTo("alarmCode-error");
    assertThat(browser.find("#lockboxCode").getAttribute("value")).isEmpty();
    browser.find("#alarmCode").sendKeys("4921");
    browser.find("#lockboxCode").sendKeys("77-lock");
    browser.click("Save the secrets").waitForText("Saved.");

    browser.click("Reveal").waitForText("Say why you need to see them.").assertAccessible();
    assertThat(browser.find("#reason").getAttribute("aria-describedby")).isEqualTo("reason-error");
    browser.fill("Reason", "Letting the plumber in").click("Reveal").waitForText("4921");
    browser.assertAccessible();
    assertThat(browser.text()).contains("77-lock").contains("(not set)");
    assertThat(browser.find("#revealed-secrets").getAttribute("data-hide-after-seconds"))
        .isEqualTo("60");

    // The timer's callback, run now through the hook the script also listens to.
    browser
        .driver()
        .executeScript("document.dispatchEvent(new CustomEvent('pawkeep:hide-secrets'));");
    browser.waitForText("The secrets are hidden again");
    assertThat(browser.driver().findElements(By.id("revealed-secrets"))).isEmpty();
    assertThat(browser.driver().getPageSource()).doesNotContain("4921").doesNotContain("77-lock");

    PageClient same = sameSession(browser, port);
    same.get("/households/" + household + "/secrets");
    PageClient.Page revealed =
        same.post(
            "/households/" + household + "/secrets/reveal",
            Map.of("fields", "alarmCode", "reason", "Header check"));
    assertThat(revealed.status()).isEqualTo(200);
    assertThat(revealed.body()).contains("4921").doesNotContain("77-lock");
    assertThat(revealed.header("Cache-Control")).contains("no-store");

    // The log, newest first, one page at a time.
    // The test clock stands still: each reveal a second later, so the order is known.
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofSeconds(1));
      ApiClient.Response r =
          api.post(
              "/api/v1/households/" + household + "/access-secrets/reveal",
              Map.of("fields", List.of("wifiName"), "reason", "Reveal number " + i),
              owner.accessToken());
      assertThat(r.status()).isEqualTo(200);
    }
    browser.open("/households/" + household + "/secrets/log").waitForText("Reveal number 49");
    assertThat(browser.text()).doesNotContain("Letting the plumber in");
    browser.click("Older reveals").waitForText("Letting the plumber in").assertAccessible();
    assertThat(browser.text())
        .contains("Alarm code, Lockbox code, Where the key is")
        .contains(owner.email());
  }

  @Test
  void olderRevealsLoadBelowTheFirstPageInPlace() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Aspen Row");
    ApiClient.Response set =
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/access-secrets",
            Map.of("wifiName", "Aspen"),
            owner.accessToken(),
            Map.of());
    assertThat(set.status()).as(set.raw()).isEqualTo(204);
    for (int i = 0; i < 51; i++) {
      clock.advance(Duration.ofSeconds(1));
      ApiClient.Response r =
          api.post(
              "/api/v1/households/" + household + "/access-secrets/reveal",
              Map.of("fields", List.of("wifiName"), "reason", "Reveal number " + i),
              owner.accessToken());
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }
    signInAs(browser, owner);
    browser.open("/households/" + household + "/secrets/log").waitForText("Reveal number 50");
    List<String> reveals = LoadMore.loadTheLastPageInPlace(browser, "reveals", "Older reveals", 50);
    assertThat(reveals).hasSize(51);
    assertThat(reveals.getFirst()).contains("Reveal number 50");
    assertThat(reveals.getLast()).contains("Reveal number 0");
  }

  @Test
  void membersAndSittersGetNoEditFormTheirPostsAreRefusedAndASitterOutsideTheWindowSeesNothing() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    User sitter = signedInUser("sitter");
    String household = createHousehold(owner, "Rowan Way");
    String elsewhere = createHousehold(owner, "Elsewhere");
    join(owner, household, member, "member");
    join(owner, household, sitter, "sitter");
    ApiClient.Response stored =
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/access-secrets",
            Map.of("alarmCode", "4921"),
            owner.accessToken(),
            Map.of());
    assertThat(stored.status()).isEqualTo(204);

    signInAs(browser, member);
    browser.open("/households/" + household + "/secrets").waitForText("Reveal");
    assertThat(browser.text()).doesNotContain("Change the secrets").doesNotContain("Reveal log");
    assertThat(browser.driver().findElements(By.id("alarmCode"))).isEmpty();
    PageClient forged = sameSession(browser, port);
    forged.get("/households/" + household + "/secrets");
    assertThat(
            forged
                .post("/households/" + household + "/secrets", Map.of("alarmCode", "0000"))
                .status())
        .isEqualTo(403);
    assertThat(forged.get("/households/" + household + "/secrets/log").status()).isEqualTo(403);
    browser.open("/households/" + elsewhere + "/secrets").waitForText("Page not found");
    assertThat(
            forged
                .post("/households/" + elsewhere + "/secrets/reveal", Map.of("reason", "Curious"))
                .status())
        .isEqualTo(404);

    Browser sitters = anotherBrowser();
    signInAs(sitters, sitter);
    sitters
        .open("/households/" + household + "/secrets")
        .waitForText("only inside your sitting window");
    assertThat(sitters.text()).doesNotContain("Change the secrets");
    sitters.fill("Reason", "Just looking").click("Reveal").waitForText("Not allowed");
    assertThat(sitters.text()).doesNotContain("4921");

    // The owner's code is unchanged, and the refused reveal is not in the log.
    ApiClient.Response reveals =
        api.get("/api/v1/households/" + household + "/access-secrets/reveals", owner.accessToken());
    assertThat(reveals.items()).isEmpty();
    ApiClient.Response code =
        api.post(
            "/api/v1/households/" + household + "/access-secrets/reveal",
            Map.of("fields", List.of("alarmCode"), "reason", "Check"),
            owner.accessToken());
    assertThat(code.text("alarmCode")).isEqualTo("4921");
  }
}
