package io.pawkeep.pets;

import static io.pawkeep.households.HouseholdBrowsing.sameSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Pets in Chromium: adding a pet whose name is markup (shown as text), its profile and care
 * instructions, mistakes beside their fields, a sitter who reads but cannot change (no form, posts
 * refused), another household's pet as the 404 page, and the clinical record read-only with the
 * clinic's name; medical data is sent with no-store.
 */
class PetPagesBrowserTests extends BrowserTestSupport {

  private static final String MARKUP = "<img src=x onerror=alert(1)>";

  @Test
  void anOwnerAddsAPetNamedWithMarkupSeesItAsTextAndWritesItsCareInstructions() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Willow End");
    signInAs(browser, owner);

    browser.open("/households/" + household + "/pets").waitForText("No pets yet.");
    browser.click("Add the pet").waitForText("The name must have 1 to 60 characters.");
    browser.assertAccessible();
    assertThat(browser.find("#name").getAttribute("aria-describedby")).isEqualTo("name-error");
    browser.fill("Name", MARKUP).fill("Breed", "b".repeat(61)).click("Add the pet");
    browser.waitForText("The breed must have at most 60 characters.").assertAccessible();
    assertThat(browser.find("#name").getAttribute("value")).isEqualTo(MARKUP);
    browser.fill("Breed", "Border collie").find("#species").sendKeys("cat");
    browser.click("Add the pet").waitForText("Care instructions").assertAccessible();
    assertThat(browser.path()).matches("/pets/[0-9a-f-]{36}");
    String petPath = browser.path();
    assertThat(browser.find("h1").getText()).isEqualTo(MARKUP);
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();

    browser.fill("Feeding", "Twice a day, no chicken").fill("Medical notes", "Allergic to chicken");
    browser.click("Save the care instructions").waitForText("Saved.").assertAccessible();
    assertThat(browser.find("#feeding").getText()).isEqualTo("Twice a day, no chicken");
    browser.fill("Name", "").click("Save the profile");
    browser.waitForText("The name must have 1 to 60 characters.").assertAccessible();
    assertThat(browser.find("#feeding").getText()).isEqualTo("Twice a day, no chicken");

    PageClient same = sameSession(browser, port);
    PageClient.Page profile = same.get(petPath);
    assertThat(profile.status()).isEqualTo(200);
    assertThat(profile.header("Cache-Control")).contains("no-store");
    assertThat(profile.body())
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain(MARKUP);

    browser.open("/households/" + household + "/pets").waitForText(MARKUP);
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();
    browser.click(MARKUP).waitForText("Clinical record");
    browser.click("Clinical record").waitForText("No clinic has written in this record yet.");
    browser.assertAccessible();
  }

  @Test
  void aSitterReadsTheCareInstructionsButCannotChangeThemAndAnotherHouseholdsPetIsNotFound() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String household = createHousehold(owner, "Hazel Close");
    String elsewhere = createHousehold(owner, "Elsewhere");
    join(owner, household, sitter, "sitter");
    String pet = createPet(owner, household, "Biscuit");
    String otherPet = createPet(owner, elsewhere, "Pepper");
    ApiClient.Response care =
        api.send(
            "PUT",
            "/api/v1/pets/" + pet + "/care-instructions",
            Map.of("feeding", "One scoop at 7"),
            owner.accessToken(),
            Map.of());
    assertThat(care.status()).isEqualTo(200);

    signInAs(browser, sitter);
    browser.open("/households/" + household + "/pets").waitForText("Biscuit");
    assertThat(browser.text()).doesNotContain("Add a pet");
    browser.open("/pets/" + pet).waitForText("One scoop at 7");
    assertThat(browser.driver().findElements(By.cssSelector("main form"))).isEmpty();

    PageClient forged = sameSession(browser, port);
    forged.get("/pets/" + pet);
    assertThat(
            forged
                .post("/pets/" + pet + "/care-instructions", Map.of("feeding", "Nothing"))
                .status())
        .isEqualTo(403);
    assertThat(forged.post("/pets/" + pet, Map.of("name", "Renamed")).status()).isEqualTo(403);
    assertThat(
            forged
                .post(
                    "/households/" + household + "/pets", Map.of("name", "Extra", "species", "dog"))
                .status())
        .isEqualTo(403);
    browser.open("/pets/" + pet).waitForText("One scoop at 7");
    assertThat(browser.find("h1").getText()).isEqualTo("Biscuit");

    browser.open("/pets/" + otherPet).waitForText("Page not found");
    browser.open("/pets/" + otherPet + "/clinical").waitForText("Page not found");
    browser.open("/households/" + elsewhere + "/pets").waitForText("Page not found");
    assertThat(forged.post("/pets/" + otherPet, Map.of("name", "Mine")).status()).isEqualTo(404);
  }

  @Test
  void theHouseholdReadsTheClinicalRecordWithTheClinicsNameAndCannotChangeIt() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Linden Park");
    String pet = createPet(owner, household, "Rex");
    User clinicOwner = withSecondFactor("clinic-owner");
    String clinic = createBusiness(clinicOwner, "clinic", "Maple Vets");
    User vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    grant(owner, household, clinic);
    ApiClient.Response entry =
        api.post(
            "/api/v1/pets/" + pet + "/clinical/entries",
            Map.of(
                "businessId", clinic,
                "kind", "allergy",
                "summary", "Chicken",
                "notes", "Hives after chicken"),
            vet.accessToken());
    assertThat(entry.status()).as(entry.raw()).isEqualTo(201);

    signInAs(browser, owner);
    browser.open("/pets/" + pet + "/clinical").waitForText("allergy: Chicken");
    assertThat(browser.text()).contains("Maple Vets").contains("Hives after chicken");
    assertThat(browser.driver().findElements(By.cssSelector("main form"))).isEmpty();
    PageClient.Page record = sameSession(browser, port).get("/pets/" + pet + "/clinical");
    assertThat(record.header("Cache-Control")).contains("no-store");
  }

  private String createPet(User owner, String household, String name) {
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", name, "species", "dog"),
            owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }
}
