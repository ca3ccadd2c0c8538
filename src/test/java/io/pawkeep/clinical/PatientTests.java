package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A clinic's patients are the pets of the households that keep it as an active client, listed to
 * its staff with a medical permission only (AUTHZ-3, AUTHZ-5); another clinic's patients never
 * appear, also for someone on both clinics' staff.
 */
class PatientTests extends ClinicalTestSupport {

  @BeforeEach
  void setUp() {
    clinicWithClientPet();
  }

  @Test
  void aVetListsThePetsOfTheClinicsClientHouseholdsAndNoOtherClinicsPatients() {
    String secondPet = createPet(family, household, "Bella");
    User otherOwner = withSecondFactor("other-clinic-owner");
    String otherClinic = createBusiness(otherOwner, "clinic", "Other Clinic");
    User otherFamily = signedInUser("other-family");
    String otherHousehold = createHousehold(otherFamily, "Other Home");
    grant(otherFamily, otherHousehold, otherClinic);
    String otherPet = createPet(otherFamily, otherHousehold, "Tom");

    assertThat(patients(vet, clinic)).containsExactlyInAnyOrder(pet, secondPet);
    assertThat(api.get(path(otherClinic), vet.accessToken()).status()).isEqualTo(404);

    // On both clinics' staff, the vet still sees each clinic's patients under its own name only.
    hire(otherOwner, otherClinic, vet, "veterinarian");
    assertThat(patients(vet, clinic)).containsExactlyInAnyOrder(pet, secondPet);
    assertThat(patients(vet, otherClinic)).containsExactly(otherPet);
  }

  @Test
  void staffWithoutAMedicalPermissionOutsidersAndCareCompaniesListNoPatients() {
    assertThat(api.get(path(clinic), accountant.accessToken()).status()).isEqualTo(403);
    assertThat(api.get(path(clinic), family.accessToken()).status()).isEqualTo(404);
    User companyOwner = withSecondFactor("company-owner");
    String company = createBusiness(companyOwner, "care_company", "Walkers");
    grant(family, household, company);
    // A care company's owner holds every permission by role, medical.read included, yet the
    // clinical rules never let a care company see a client's pets: the list is empty.
    ApiClient.Response r = api.get(path(company), companyOwner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.items()).isEmpty();
  }

  @Test
  void aHouseholdThatRevokesTheClinicLeavesItsPatientList() {
    assertThat(patients(technician, clinic)).containsExactly(pet);
    revoke(family, household, clinic);
    assertThat(patients(vet, clinic)).isEmpty();
  }

  @Test
  void anotherClinicsPetsStayHiddenFromAVetInTheDatabase() {
    User otherOwner = withSecondFactor("db-other-clinic-owner");
    String otherClinic = createBusiness(otherOwner, "clinic", "Other Clinic");
    User otherFamily = signedInUser("db-other-family");
    String otherHousehold = createHousehold(otherFamily, "Other Home");
    grant(otherFamily, otherHousehold, otherClinic);
    createPet(otherFamily, otherHousehold, "Tom");
    Long seen =
        asCaller(
            vet,
            db ->
                db.sql("select count(*) from pets where household_id = ?")
                    .param(UUID.fromString(otherHousehold))
                    .query(Long.class)
                    .single());
    assertThat(seen).isZero();
  }

  @Test
  void patientsAreReadInPagesAndABadCursorOrLimitIsAProblem() {
    String secondPet = createPet(family, household, "Bella");
    ApiClient.Response first = api.get(path(clinic) + "?limit=1", vet.accessToken());
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.items()).hasSize(1);
    ApiClient.Response second =
        api.get(path(clinic) + "?limit=1&cursor=" + first.text("next"), vet.accessToken());
    assertThat(
            List.of(
                first.items().get(0).path("id").asString(),
                second.items().get(0).path("id").asString()))
        .containsExactlyInAnyOrder(pet, secondPet);
    assertThat(second.text("next")).isNull();
    for (String query : List.of("?cursor=nonsense", "?limit=0", "?limit=500")) {
      ApiClient.Response r = api.get(path(clinic) + query, vet.accessToken());
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(api.get("/api/v1/businesses/nope/patients", vet.accessToken()).status())
        .isEqualTo(400);
  }

  private List<String> patients(User caller, String business) {
    return api.all(path(business), caller.accessToken(), 1).stream()
        .map(p -> p.path("id").asString())
        .toList();
  }

  private static String path(String business) {
    return "/api/v1/businesses/" + business + "/patients";
  }
}
