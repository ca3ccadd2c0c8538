package io.pawkeep.clinical;

import io.pawkeep.testing.AccessMatrix;
import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every clinical and controlled-substance route called by every kind of caller: clinic staff get
 * what their permissions allow (403 otherwise), the household reads but never writes (403),
 * everyone else gets a 404 exactly like a missing id's, the same on every route, and a caller
 * without a token 401.
 */
class ClinicalIsolationMatrixTests extends ClinicalTestSupport {

  private static final String TABLE =
      """
      | method | path                                                  | body           | clinicOwner | veterinarian | technician | accountant | otherClinic | careCompany | householdOwner | householdMember | stranger | anonymous |
      |--------|-------------------------------------------------------|----------------|-------------|--------------|------------|------------|-------------|-------------|----------------|-----------------|----------|-----------|
      | GET    | /api/v1/pets/{pet}/clinical/entries                   |                | 200         | 200          | 200        | 404        | 404         | 404         | 200            | 200             | 404      | 401       |
      | POST   | /api/v1/pets/{pet}/clinical/entries                   | weight         | 201         | 201          | 403        | 404        | 404         | 404         | 403            | 403             | 404      | 401       |
      | PATCH  | /api/v1/clinical/entries/{entry}                      | correction     | 403         | 200          | 403        | 404        | 404         | 404         | 403            | 403             | 404      | 401       |
      | POST   | /api/v1/clinical/entries/{entry}/addenda              | addendum       | 201         | 201          | 403        | 404        | 404         | 404         | 403            | 403             | 404      | 401       |
      | GET    | /api/v1/pets/{pet}/prescriptions                      |                | 200         | 200          | 200        | 404        | 404         | 404         | 200            | 200             | 404      | 401       |
      | POST   | /api/v1/pets/{pet}/prescriptions                      | prescription   | 201         | 201          | 403        | 404        | 404         | 404         | 403            | 403             | 404      | 401       |
      | GET    | /api/v1/prescriptions/{prescription}                  |                | 200         | 200          | 200        | 404        | 404         | 404         | 200            | 200             | 404      | 401       |
      | POST   | /api/v1/prescriptions/{prescription}/administrations  | administration | 201         | 201          | 201        | 404        | 404         | 404         | 403            | 403             | 404      | 401       |
      | GET    | /api/v1/businesses/{clinic}/controlled-log            |                | 200         | 200          | 403        | 403        | 404         | 404         | 404            | 404             | 404      | 401       |
      | GET    | /api/v1/businesses/{clinic}/controlled-log/balances   |                | 200         | 200          | 403        | 403        | 404         | 404         | 404            | 404             | 404      | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> everyClinicalRouteAnswersEveryCallerAsItsRightsAllow() {
    clinicWithClientPet();
    User otherOwner = withSecondFactor("other-clinic");
    String otherClinic = createBusiness(otherOwner, "clinic", "Elsewhere Vets");
    User otherVet = signedInUser("other-vet");
    hire(otherOwner, otherClinic, otherVet, "veterinarian");
    User carer = withSecondFactor("carer");
    String company = createBusiness(carer, "care_company", "Walkers");
    grant(family, household, company);
    String entry = writeEntry(vet, pet, entry(clinic, "allergy", "Chicken", null)).text("id");
    String prescription = prescribe(vet, pet, prescription(clinic, "100")).text("id");
    return AccessMatrix.of(TABLE)
        .caller("clinicOwner", clinicOwner.accessToken())
        .caller("veterinarian", vet.accessToken())
        .caller("technician", technician.accessToken())
        .caller("accountant", accountant.accessToken())
        .caller("otherClinic", otherVet.accessToken())
        .caller("careCompany", carer.accessToken())
        .caller("householdOwner", family.accessToken())
        .caller("householdMember", familyMember.accessToken())
        .caller("stranger", signedInUser("stranger").accessToken())
        .caller("anonymous", null)
        .everyNotFoundAlike()
        .id("pet", pet)
        .id("entry", entry)
        .id("prescription", prescription)
        .id("clinic", clinic)
        .body("weight", entry(clinic, "weight", "12 kg", "Fit"))
        .body("correction", Map.of("value", "mild"))
        .body("addendum", Map.of("summary", "Confirmed"))
        .body("prescription", prescription(clinic, "1"))
        .body(
            "administration",
            Map.of("quantity", BigDecimal.ONE, "givenAt", clock.instant().toString()))
        .tests(api);
  }
}
