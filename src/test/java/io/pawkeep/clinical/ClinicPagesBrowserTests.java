package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.PageClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The clinic's pages in Chromium (AUTHZ-5, AUTHZ-6, DOM-7, DOM-8): a veterinarian writes and signs
 * an entry and amends it before the lock, adds an addendum to a locked one, prescribes and records
 * an administration with the balance shown; mistakes beside their field; another clinic's vet gets
 * the 404 page, staff without clinical permission the 403 page; medical pages are never stored.
 */
class ClinicPagesBrowserTests extends BrowserTestSupport {

  private static final String PET_NAME = "<img src=x onerror=alert(1)>";

  private User clinicOwner;
  private User vet;
  private String clinic;
  private String household;
  private String pet;

  private void clinicWithClientPet() {
    clinicOwner = withSecondFactor("clinic-owner");
    clinic = createBusiness(clinicOwner, "clinic", "Paws Clinic");
    vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    User family = signedInUser("family");
    household = createHousehold(family, "Client Home");
    grant(family, household, clinic);
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", PET_NAME, "species", "dog"),
            family.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    pet = r.text("id");
  }

  @Test
  void aVetWritesAndSignsAnEntryPrescribesAndRecordsAnAdministrationWithTheBalanceShown() {
    clinicWithClientPet();
    // An entry signed a day ago is shown locked, and still takes an addendum (DOM-8).
    ApiClient.Response old =
        api.post(
            "/api/v1/pets/" + pet + "/clinical/entries",
            Map.of("businessId", clinic, "kind", "allergy", "summary", "Penicillin"),
            vet.accessToken());
    assertThat(old.status()).as(old.raw()).isEqualTo(201);
    String oldEntry = old.text("id");
    clock.advance(Duration.ofHours(25));

    signIn(browser, vet);
    browser.waitForText("Your clinics").click("Patients of Paws Clinic").waitForText("Patients");
    browser.assertAccessible();
    // The pet's name is shown as text, never run as markup.
    assertThat(browser.text()).contains(PET_NAME);
    browser.click(PET_NAME).waitForText("Clinical record").assertAccessible();
    assertThat(browser.find("#entry-" + oldEntry).getText()).contains("Penicillin", "Locked");

    // A mistake is shown beside its field, with what was typed.
    new Select(browser.find("#entry-kind")).selectByValue("weight");
    browser.fill("Summary", " ").fill("Value (optional, e.g. a weight)", "12.4 kg");
    browser.click("Sign entry").waitForText("Summary is required.").assertAccessible();
    assertThat(browser.find("#entry-summary").getAttribute("aria-describedby"))
        .isEqualTo("entry-summary-error");
    assertThat(browser.find("#entry-value").getAttribute("value")).isEqualTo("12.4 kg");

    browser.fill("Summary", "Weighed at check-up").click("Sign entry");
    browser.waitForText("Weighed at check-up").assertAccessible();
    String entryText = browser.find("ol.entries li.entry").getText();
    assertThat(entryText).contains("12.4 kg", "by you", "Locks");
    // The author amends it before the lock; the locked one offers no amendment.
    String entry = browser.find("ol.entries li.entry").getAttribute("id").substring(6);
    assertThat(browser.driver().findElements(By.id("amend-summary-" + oldEntry))).isEmpty();
    browser.find("#entry-" + entry + " details summary").click();
    browser.fill("amend-summary-" + entry, "").click("Sign amendment");
    browser.waitForText("Summary is required.").assertAccessible();
    assertThat(browser.find("#amend-summary-" + entry).getAttribute("aria-describedby"))
        .isEqualTo("amend-summary-error-" + entry);
    browser.fill("amend-summary-" + entry, "Weighed after lunch").click("Sign amendment");
    browser.waitForText("Weighed after lunch").assertAccessible();
    assertThat(browser.find("#entry-" + entry).getText()).contains("Amended");

    browser.find("#entry-" + oldEntry + " summary").click();
    browser.fill("addendum-summary-" + oldEntry, "Confirmed by blood test");
    browser.find("#addendum-summary-" + oldEntry).submit();
    browser.waitForText("Confirmed by blood test").assertAccessible();

    // A prescription: the DEA number is checked, never shown again, and masked once stored.
    browser
        .fill("Drug", "Buprenorphine")
        .fill("Quantity dispensed", "10")
        .fill("Directions", "0.2 ml under the tongue every 8 hours")
        .fill("Your DEA number", "12345");
    browser.click("Sign prescription").waitForText("DEA number must be").assertAccessible();
    assertThat(browser.find("#rx-dea").getAttribute("aria-describedby")).isEqualTo("rx-dea-error");
    assertThat(browser.find("#rx-dea").getAttribute("value")).isEmpty();
    assertThat(browser.find("#rx-drug").getAttribute("value")).isEqualTo("Buprenorphine");
    browser.fill("Your DEA number", "AB1234534").click("Sign prescription");
    browser.waitForText("Balance left for this household: 10 ml").assertAccessible();
    assertThat(browser.text()).contains("DEA AB*****34").doesNotContain("AB1234534");

    // More than is left is refused beside the quantity; then an administration leaves 7.5 ml.
    String prescription =
        browser
            .find("li[id^=prescription-]")
            .getAttribute("id")
            .substring("prescription-".length());
    browser.find("#prescription-" + prescription + " summary").click();
    browser.fill("Quantity given (ml)", "11").click("Record administration");
    browser.waitForText("Not enough left").assertAccessible();
    assertThat(browser.find("#given-quantity-" + prescription).getAttribute("aria-describedby"))
        .isEqualTo("given-quantity-error-" + prescription);
    browser
        .fill("Quantity given (ml)", "2.5")
        .fill("given-notes-" + prescription, "Calm")
        .click("Record administration");
    browser.waitForText("Balance left for this household: 7.5 ml").assertAccessible();

    browser.click("Controlled-substance log").waitForText("Running balances").assertAccessible();
    assertThat(browser.text()).contains("Buprenorphine", "2.5 ml", "7.5 ml", "Calm");

    browser.phone();
    browser.open("/clinic/" + clinic + "/patients/" + pet).waitForText("Clinical record");
  }

  @Test
  void anotherClinicsVetGetsTheNotFoundPageAndStaffWithoutClinicalPermissionTheForbiddenPage() {
    clinicWithClientPet();
    User stranger = withSecondFactor("other-owner");
    String otherClinic = createBusiness(stranger, "clinic", "Other Clinic");
    User otherVet = signedInUser("other-vet");
    hire(stranger, otherClinic, otherVet, "veterinarian");
    User accountant = signedInUser("accountant");
    hire(clinicOwner, clinic, accountant, "accountant");

    signIn(browser, otherVet);
    browser.waitForText("Your clinics");
    browser.open("/clinic/" + clinic).waitForText("Page not found");
    browser.open("/clinic/" + clinic + "/patients/" + pet).waitForText("Page not found");
    // Its own clinic does not open another clinic's patient either.
    browser.open("/clinic/" + otherClinic + "/patients/" + pet).waitForText("Page not found");
    browser.open("/clinic/" + otherClinic).waitForText("No patients yet");
    assertThat(browser.text()).doesNotContain(PET_NAME);

    Browser desk = anotherBrowser();
    signIn(desk, accountant);
    desk.waitForText("Your businesses");
    assertThat(desk.text()).doesNotContain("Your clinics");
    desk.open("/clinic/" + clinic + "/patients/" + pet).waitForText("Not allowed");
    desk.open("/clinic/" + clinic + "/controlled-log").waitForText("Not allowed");
  }

  @Test
  void aTechnicianReadsTheRecordWithoutItsWritingFormsAndOnlyUnderTheClinicTheHouseholdChose() {
    clinicWithClientPet();
    User technician = signedInUser("technician");
    hire(clinicOwner, clinic, technician, "vet_technician");
    PageClient page = new PageClient(port);
    page.get("/sign-in");
    assertThat(
            page.post(
                    "/sign-in",
                    Map.of("email", technician.email(), "password", technician.password()))
                .status())
        .isEqualTo(302);

    PageClient.Page record = page.get("/clinic/" + clinic + "/patients/" + pet);
    assertThat(record.status()).isEqualTo(200);
    // Medical data is never kept by the browser or a proxy.
    assertThat(record.header("Cache-Control")).contains("no-store");
    assertThat(record.body()).contains("Clinical record").doesNotContain("Sign entry");
    assertThat(record.body()).doesNotContain("Controlled-substance log");

    PageClient.Page refused =
        page.post(
            "/clinic/" + clinic + "/patients/" + pet + "/entries",
            Map.of("kind", "weight", "summary", "Not mine to write"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(page.get("/clinic/" + clinic + "/patients/" + pet).body())
        .doesNotContain("Not mine to write");
    assertThat(page.get("/clinic/" + clinic + "/controlled-log").status()).isEqualTo(403);

    // Working for a second clinic, which the household never chose, opens no patient there.
    User otherOwner = withSecondFactor("second-clinic-owner");
    String secondClinic = createBusiness(otherOwner, "clinic", "Second Clinic");
    hire(otherOwner, secondClinic, technician, "vet_technician");
    assertThat(page.get("/clinic/" + secondClinic + "/patients/" + pet).status()).isEqualTo(404);
    assertThat(page.get("/clinic/" + secondClinic).body()).doesNotContain(pet);
  }

  @Test
  void theDeaNumberIsShownInFullOnlyToTheClinicsOwnerAsTheApiShowsIt() {
    User owner = signedInUser("dea-owner");
    String secret = enrolTotp(owner);
    ApiClient.Response withCode = loginWithTotp(owner.email(), owner.password(), secret);
    assertThat(withCode.status()).as(withCode.raw()).isEqualTo(200);
    clinicOwner =
        new User(
            owner.email(),
            owner.password(),
            withCode.text("access_token"),
            withCode.text("refresh_token"));
    clinic = createBusiness(clinicOwner, "clinic", "Paws Clinic");
    vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    User technician = signedInUser("technician");
    hire(clinicOwner, clinic, technician, "vet_technician");
    User family = signedInUser("family");
    household = createHousehold(family, "Client Home");
    grant(family, household, clinic);
    pet =
        api.post(
                "/api/v1/households/" + household + "/pets",
                Map.of("name", "Rex", "species", "dog"),
                family.accessToken())
            .text("id");
    ApiClient.Response prescribed =
        api.post(
            "/api/v1/pets/" + pet + "/prescriptions",
            Map.of(
                "businessId", clinic,
                "drug", "Buprenorphine",
                "schedule", "III",
                "quantity", 10,
                "unit", "ml",
                "directions", "0.2 ml every 8 hours",
                "deaNumber", "AB1234534"),
            vet.accessToken());
    assertThat(prescribed.status()).as(prescribed.raw()).isEqualTo(201);
    String record = "/clinic/" + clinic + "/patients/" + pet;

    PageClient ownersPage = new PageClient(port);
    ownersPage.get("/sign-in");
    PageClient.Page codePage =
        ownersPage.post("/sign-in", Map.of("email", owner.email(), "password", owner.password()));
    java.util.regex.Matcher challenge =
        java.util.regex.Pattern.compile("name=\"challenge\" value=\"([^\"]+)\"")
            .matcher(codePage.body());
    assertThat(challenge.find()).as(codePage.body()).isTrue();
    PageClient.Page signedIn =
        ownersPage.post(
            "/sign-in/second-factor",
            Map.of("challenge", challenge.group(1), "code", TotpCodes.at(secret, clock)));
    clock.advance(TotpCodes.step());
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(ownersPage.get(record).body()).contains("DEA AB1234534");

    PageClient techniciansPage = new PageClient(port);
    techniciansPage.get("/sign-in");
    techniciansPage.post(
        "/sign-in", Map.of("email", technician.email(), "password", technician.password()));
    assertThat(techniciansPage.get(record).body())
        .contains("DEA AB*****34")
        .doesNotContain("AB1234534");
  }

  /** Signs in without the sign-in page (not under test here) and shows the person's home. */
  private void signIn(Browser b, User user) {
    signInAs(b, user).navigate("/").waitForPath("/");
    assertThat(b.driver().findElements(By.id("email"))).isEmpty();
  }
}
