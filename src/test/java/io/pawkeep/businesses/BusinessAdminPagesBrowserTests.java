package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.bookings.BusinessPagesTestSupport;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.LoadMore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Clients, access review, audit trail and settings in Chromium: a manager reads and changes what
 * their permissions allow, with bad input beside its field; an owner signed in with the second
 * factor turns the business's requirement off (AUTHZ-8); staff are refused the audit trail, the
 * access review and every setting, even when posting the forms anyway (LOG-4).
 */
class BusinessAdminPagesBrowserTests extends BusinessPagesTestSupport {

  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Test
  void aManagerReadsClientsAccessReviewAndAuditAndChangesTheSettings() {
    Company c = company(XSS);
    signIn(browser, c.manager());
    String base = "/businesses/" + c.business();
    browser.open(base + "/clients").waitForText(XSS);
    browser.fill("Household id", "the kennel").click("Ask for access");
    browser.waitForText("Paste the household's id").assertAccessible();
    assertThat(browser.find("#household").getAttribute("aria-describedby"))
        .isEqualTo("household-error");
    browser.fill("Household id", UUID.randomUUID().toString()).click("Ask for access");
    browser.waitForText("Your request was sent").assertAccessible();

    browser.open(base + "/access-review").waitForText(c.walker().email());
    assertThat(browser.text()).contains("Live API keys", XSS);
    browser.open(base + "/audit").waitForText("client.requested");
    assertThat(browser.text()).contains("staff.joined", "business.created");

    browser.open(base + "/settings").fill("Business name", " ").click("Rename");
    browser.waitForText("Enter a name of 1 to 100 characters.").assertAccessible();
    assertThat(browser.find("#name").getAttribute("aria-describedby")).isEqualTo("name-error");
    browser.fill("Business name", "Happier Paws").click("Rename");
    browser.waitForText("Only owners change this.").assertAccessible();
    assertThat(browser.text()).contains("Happier Paws", "may act in this business without");

    browser.click("Recording walks' GPS tracks and sharing them with clients");
    browser.waitForText("GPS tracks").assertAccessible();
    for (String box : new String[] {"#record-tracks", "#share-tracks"}) {
      if (!browser.find(box).isSelected()) {
        browser.find(box).click();
      }
    }
    browser.click("Save").waitForText("Clients see the track").assertAccessible();
    ApiClient.Response care =
        api.get(
            base.replace("/businesses", "/api/v1/businesses") + "/care-settings",
            c.walker().accessToken());
    assertThat(care.json().path("clientsSeeTracks").asBoolean()).as(care.raw()).isTrue();
  }

  @Test
  void olderEventsLoadBelowTheFirstPageInPlace() {
    Company c = company("Audit House");
    for (int i = 0; i < 26; i++) {
      ApiClient.Response service =
          api.post(
              "/api/v1/businesses/" + c.business() + "/services",
              Map.of(
                  "kind",
                  "walk",
                  "name",
                  "Walk " + i,
                  "durationMinutes",
                  30,
                  "priceMinor",
                  1000,
                  "currency",
                  "EUR"),
              c.owner().accessToken());
      assertThat(service.status()).as(service.raw()).isEqualTo(201);
    }
    signIn(browser, c.manager());
    browser.open("/businesses/" + c.business() + "/audit").waitForText("service.created");
    List<String> events =
        LoadMore.loadTheLastPageInPlace(browser, "audit-events", "Older events", 25);
    assertThat(events.getLast()).contains("business.created");
  }

  @Test
  void anOwnerWithTheSecondFactorStopsRequiringIt() {
    User owner = signedInUser("owner");
    String secret = enrolTotp(owner);
    ApiClient.Response otp = loginWithTotp(owner.email(), owner.password(), secret);
    User withOtp =
        new User(
            owner.email(), owner.password(), otp.text("access_token"), otp.text("refresh_token"));
    String business = createBusiness(withOtp, "care_company", "Strict Paws");

    browser.open("/sign-in");
    browser.fill("Email", owner.email()).fill("Password", owner.password()).click("Sign in");
    browser.waitForText("Enter your code").fill("Code", TotpCodes.at(secret, clock));
    browser.click("Continue").waitForText("Your households");
    browser.open("/businesses/" + business + "/settings").waitForText("must sign in with");
    assertThat(browser.text()).doesNotContain("set one up");
    browser.click("Stop requiring a second factor").waitForText("may act in this business");
    browser.assertAccessible();
    assertThat(
            api.get("/api/v1/businesses/" + business, withOtp.accessToken())
                .json()
                .path("requireSecondFactor")
                .asBoolean())
        .isFalse();
  }

  @Test
  void staffAreRefusedTheAuditTrailAccessReviewAndSettings() {
    Company c = company("The Kennel");
    signIn(browser, c.walker());
    String base = "/businesses/" + c.business();
    browser.open(base).waitForText("Clients");
    assertThat(browser.text()).doesNotContain("Audit trail", "Access review", "Settings");
    browser.open(base + "/audit").waitForText("Not allowed");
    browser.open(base + "/access-review").waitForText("Not allowed");
    browser.open(base + "/settings").waitForText("Only owners change this.");
    assertThat(browser.text()).doesNotContain("Rename");
    forgePost(browser, base + "/settings/name?name=Mine");
    browser.waitForText("Not allowed").assertAccessible();
    forgePost(browser, base + "/settings/second-factor?required=false");
    browser.waitForText("Not allowed");
    forgePost(browser, base + "/settings/tracks?recordTracks=true&clientsSeeTracks=true");
    browser.waitForText("Not allowed");
    ApiClient.Response b = api.get("/api/v1/businesses/" + c.business(), c.walker().accessToken());
    assertThat(b.text("name")).isEqualTo("Happy Paws");
    Company rival = company("Other Kennel");
    browser.open("/businesses/" + rival.business() + "/audit").waitForText("Page not found");
    browser.open("/businesses/" + rival.business() + "/settings").waitForText("Page not found");
  }
}
