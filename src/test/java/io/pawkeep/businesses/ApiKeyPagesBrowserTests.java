package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BusinessPagesTestSupport;
import io.pawkeep.testing.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API keys in Chromium: a settings manager creates a key whose secret shows once and works, lists
 * and revokes it; bad input is shown beside its field; staff without settings.manage see no control
 * and are refused.
 */
class ApiKeyPagesBrowserTests extends BusinessPagesTestSupport {

  @Test
  void aManagerCreatesAKeyWhoseSecretIsShownOnceAndRevokesIt() {
    Company c = company("The Kennel");
    signIn(browser, c.manager());
    String keys = "/businesses/" + c.business() + "/api-keys";
    browser.open(keys).waitForText("No API keys yet");

    browser.click("Create key").waitForText("Choose at least one permission.").assertAccessible();
    assertThat(browser.find("#name").getAttribute("aria-describedby")).isEqualTo("name-error");
    browser.fill("Name", "Billing sync").fill("Expires on (optional)", "yesterday");
    browser.click("Create key").waitForText("Enter a date as YYYY-MM-DD");
    assertThat(browser.find("#name").getAttribute("value")).isEqualTo("Billing sync");
    browser.fill("Expires on (optional)", "");
    browser.find("input[value='audit.read']").click();
    browser.click("Create key").waitForText("shown only on this page").assertAccessible();
    String secret = browser.find("#secret").getAttribute("value");
    assertThat(secret).isNotBlank();
    ApiClient.Response audit =
        api.send(
            "GET",
            "/api/v1/businesses/" + c.business() + "/audit",
            null,
            null,
            Map.of("Authorization", "ApiKey " + secret));
    assertThat(audit.status()).as(audit.raw()).isEqualTo(200);

    browser.open(keys).waitForText("Billing sync");
    assertThat(browser.driver().getPageSource()).doesNotContain(secret);
    browser.click("Revoke").waitForText("revoked").assertAccessible();
    ApiClient.Response refused =
        api.send(
            "GET",
            "/api/v1/businesses/" + c.business() + "/audit",
            null,
            null,
            Map.of("Authorization", "ApiKey " + secret));
    assertThat(refused.status()).isEqualTo(401);
  }

  @Test
  void staffWithoutSettingsManageSeeNoKeysAndAreRefused() {
    Company c = company("The Kennel");
    signIn(browser, c.walker());
    browser.open("/businesses/" + c.business());
    assertThat(browser.text()).doesNotContain("API keys");
    browser.open("/businesses/" + c.business() + "/api-keys").waitForText("Not allowed");
    forgePost(
        browser, "/businesses/" + c.business() + "/api-keys?name=Mine&permissions=bookings.read");
    browser.waitForText("Not allowed").assertAccessible();
    assertThat(
            api.get("/api/v1/businesses/" + c.business() + "/api-keys", c.owner().accessToken())
                .items()
                .size())
        .isZero();
  }
}
