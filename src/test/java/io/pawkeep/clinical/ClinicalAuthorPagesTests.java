package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A clinical entry on the patient page names its author to those who may read the clinic's staff
 * list (staff.manage, as the API's staff names); a veterinarian without it still reads "by a
 * colleague", and the household's read-only record names the clinic only.
 */
class ClinicalAuthorPagesTests extends ApiTestSupport {

  @Test
  void theClinicOwnerReadsTheAuthorsNameAndAVetWithoutTheStaffListReadsAColleague() {
    User owner = signedInUser("clinic-owner");
    String secret = enrolTotp(owner);
    ApiClient.Response withCode = loginWithTotp(owner.email(), owner.password(), secret);
    assertThat(withCode.status()).as(withCode.raw()).isEqualTo(200);
    User clinicOwner =
        new User(
            owner.email(),
            owner.password(),
            withCode.text("access_token"),
            withCode.text("refresh_token"));
    String clinic = createBusiness(clinicOwner, "clinic", "Author Clinic");
    User vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    User otherVet = signedInUser("other-vet");
    hire(clinicOwner, clinic, otherVet, "veterinarian");
    User family = signedInUser("family");
    String household = createHousehold(family, "Author Home");
    grant(family, household, clinic);
    String pet = createPet(family, household, "Rex", "dog");
    ApiClient.Response entry =
        api.post(
            "/api/v1/pets/" + pet + "/clinical/entries",
            Map.of("businessId", clinic, "kind", "allergy", "summary", "Penicillin"),
            vet.accessToken());
    assertThat(entry.status()).as(entry.raw()).isEqualTo(201);
    String record = "/clinic/" + clinic + "/patients/" + pet;

    PageClient ownersPages = new PageClient(port);
    ownersPages.get("/sign-in");
    PageClient.Page codePage =
        ownersPages.post("/sign-in", Map.of("email", owner.email(), "password", owner.password()));
    Matcher challenge =
        Pattern.compile("name=\"challenge\" value=\"([^\"]+)\"").matcher(codePage.body());
    assertThat(challenge.find()).as(codePage.body()).isTrue();
    clock.advance(TotpCodes.step());
    assertThat(
            ownersPages
                .post(
                    "/sign-in/second-factor",
                    Map.of("challenge", challenge.group(1), "code", TotpCodes.at(secret, clock)))
                .status())
        .isEqualTo(302);
    String ownersView = ownersPages.get(record).body();
    assertThat(ownersView).contains("by Alex Walker").doesNotContain("by a colleague");

    PageClient colleaguesPages = new PageClient(port);
    colleaguesPages.get("/sign-in");
    colleaguesPages.post(
        "/sign-in", Map.of("email", otherVet.email(), "password", otherVet.password()));
    assertThat(colleaguesPages.get(record).body())
        .contains("by a colleague")
        .doesNotContain("by Alex Walker");
  }
}
