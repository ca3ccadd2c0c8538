package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.HouseholdPagesTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A household's businesses with access in a real browser: grant, revoke, who can see it. */
class HouseholdBusinessPagesBrowserTests extends HouseholdPagesTestSupport {

  private void asksForAccess(User businessOwner, String business, String household) {
    ApiClient.Response r =
        api.post(
            "/api/v1/businesses/" + business + "/clients",
            Map.of("householdId", household),
            businessOwner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
  }

  @Test
  void anOwnerGrantsARequestSeesWhoCanSeeTheHouseholdAndRevokes() {
    User businessOwner = withSecondFactor("business-owner");
    String business = createBusiness(businessOwner, "care_company", "<img src=x onerror=alert(1)>");
    String clinic = createBusiness(businessOwner, "clinic", "Vet Clinic");
    User family = signedInUser("family");
    String household = createHousehold(family, "The Kennel");
    asksForAccess(businessOwner, business, household);

    signIn(family);
    browser.phone().open("/households/" + household + "/businesses");
    assertThat(browser.text()).contains("Asks for access").contains("<img src=x onerror=alert(1)>");
    assertThat(browser.text()).contains("No business can see this household.");
    browser.click("Grant access").waitForText("Has access").assertAccessible();
    assertThat(browser.text())
        .contains("<img src=x onerror=alert(1)>: staff who reach this household")
        .doesNotContain("No business can see this household.");

    browser.desktop().fill("Business id", clinic).click("Grant").waitForText("Vet Clinic");
    browser.assertAccessible();
    assertThat(
            api.get("/api/v1/households/" + household + "/businesses", family.accessToken()).raw())
        .contains(clinic)
        .contains(business);

    browser.click("Revoke access").waitForPath("/households/").assertAccessible();
    browser.click("Revoke access").waitForText("No business sees this household or asks to.");
    browser.assertAccessible();
  }

  @Test
  void aMemberCannotSeeGrantOrRevokeAndAStrangerGetsThePageNotFound() {
    User businessOwner = withSecondFactor("business-owner");
    String business = createBusiness(businessOwner, "care_company", "Happy Paws");
    User family = signedInUser("family");
    String household = createHousehold(family, "The Kennel");
    User member = signedInUser("member");
    join(family, household, member, "member");
    asksForAccess(businessOwner, business, household);

    signIn(member);
    browser.open("/households/" + household + "/businesses");
    assertThat(browser.text()).contains("Not allowed").doesNotContain("Happy Paws");
    PageClient client = pageClient(member);
    client.get("/");
    assertThat(
            client
                .post("/households/" + household + "/businesses/" + business + "/grant", Map.of())
                .status())
        .isEqualTo(403);
    assertThat(
            client
                .post("/households/" + household + "/businesses", Map.of("businessId", business))
                .status())
        .isEqualTo(403);
    assertThat(
            api.get("/api/v1/households/" + household + "/businesses", family.accessToken()).raw())
        .contains("\"status\":\"pending\"");

    User stranger = signedInUser("stranger");
    PageClient strangers = pageClient(stranger);
    assertThat(strangers.get("/households/" + household + "/businesses").status()).isEqualTo(404);
    strangers.get("/");
    assertThat(
            strangers
                .post("/households/" + household + "/businesses/" + business + "/revoke", Map.of())
                .status())
        .isEqualTo(404);
  }

  @Test
  void aBusinessIdThatIsNotOneShowsTheErrorBesideTheField() {
    User family = signedInUser("family");
    String household = createHousehold(family, "The Kennel");
    signIn(family);
    browser.open("/households/" + household + "/businesses");
    browser.fill("Business id", "happy paws").click("Grant");
    browser.waitForText("Enter the business's id").assertAccessible();
    assertThat(browser.find("#businessId").getAttribute("aria-describedby"))
        .isEqualTo("businessId-error");
    assertThat(browser.find("#businessId").getAttribute("value")).isEqualTo("happy paws");
    browser.fill("Business id", UUID.randomUUID().toString()).click("Grant");
    browser.waitForText("No business has this id.").assertAccessible();
  }
}
