package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.AccessMatrix;
import io.pawkeep.testing.ApiClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every documents route called by every kind of caller (AUTHZ-3, AUTHZ-5, AUTHZ-6, FILE-3): the
 * household's owner and member, a sitter of the household, another household, the walker assigned
 * to a visit inside its window and one assigned outside it, a client clinic's veterinarian
 * (medical.write) and technician (medical.read), the care company's owner (settings.manage,
 * bookings.write), its accountant (neither), a platform operator with the second factor, and a
 * caller without a token. Each gets what its place allows; every 404 is exactly the answer to a
 * missing id, the same on every route.
 */
class DocumentIsolationMatrixTests extends DocumentTestSupport {

  private static final String TABLE =
      """
      | method | path                                          | body  | owner | member | sitter | otherHousehold | assigned | outsideWindow | vet | technician | companyOwner | accountant | operator | anonymous |
      |--------|-----------------------------------------------|-------|-------|--------|--------|----------------|----------|---------------|-----|------------|--------------|------------|----------|-----------|
      | POST   | /api/v1/pets/{pet}/documents                  | pdf   | 201   | 201    | 403    | 404            | 403      | 404           | 201 | 403        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/pets/{pet}/documents                  |       | 200   | 200    | 403    | 404            | 403      | 404           | 200 | 200        | 404          | 404        | 404      | 401       |
      | POST   | /api/v1/pets/{pet}/photo                      | jpeg  | 201   | 201    | 403    | 404            | 403      | 404           | 403 | 403        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/pets/{pet}/photos                     |       | 200   | 200    | 200    | 404            | 200      | 404           | 200 | 200        | 404          | 404        | 404      | 401       |
      | POST   | /api/v1/households/{household}/documents      | pdf   | 201   | 403    | 403    | 404            | 404      | 404           | 404 | 404        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/households/{household}/documents      |       | 200   | 200    | 403    | 404            | 404      | 404           | 404 | 404        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/households/{household}/documents/bin  |       | 200   | 200    | 403    | 404            | 404      | 404           | 404 | 404        | 404          | 404        | 404      | 401       |
      # {visit} is the booking assigned to the caller: inside its window, or outside for outsideWindow.
      | POST   | /api/v1/bookings/{visit}/photos               | jpeg  | 403   | 403    | 403    | 404            | 201      | 403           | 404 | 404        | 403          | 404        | 404      | 401       |
      | GET    | /api/v1/bookings/{visit}/photos               |       | 200   | 200    | 403    | 404            | 200      | 403           | 404 | 404        | 200          | 404        | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/documents       | pdf   | 404   | 404    | 404    | 404            | 403      | 403           | 404 | 404        | 201          | 403        | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/documents       |       | 404   | 404    | 404    | 404            | 403      | 403           | 404 | 404        | 200          | 403        | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/documents/bin   |       | 404   | 404    | 404    | 404            | 403      | 403           | 404 | 404        | 200          | 403        | 404      | 401       |
      | GET    | /api/v1/documents/{petDocument}               |       | 200   | 200    | 404    | 404            | 404      | 404           | 200 | 200        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/documents/{clinicalDocument}          |       | 200   | 200    | 404    | 404            | 404      | 404           | 200 | 200        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/documents/{petPhoto}                  |       | 200   | 200    | 200    | 404            | 200      | 404           | 200 | 200        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/documents/{householdDocument}         |       | 200   | 200    | 404    | 404            | 404      | 404           | 404 | 404        | 404          | 404        | 404      | 401       |
      | GET    | /api/v1/documents/{visitPhoto}                |       | 200   | 200    | 404    | 404            | 200      | 404           | 404 | 404        | 200          | 404        | 404      | 401       |
      | GET    | /api/v1/documents/{businessDocument}          |       | 404   | 404    | 404    | 404            | 404      | 404           | 404 | 404        | 200          | 404        | 404      | 401       |
      # {fresh...} is a document uploaded for the cell alone, so one caller's delete changes nothing for the next.
      | DELETE | /api/v1/documents/{freshPetDocument}          |       | 204   | 403    | 404    | 404            | 404      | 404           | 403 | 403        | 404          | 404        | 404      | 401       |
      | DELETE | /api/v1/documents/{freshMembersPetDocument}   |       | 204   | 204    | 404    | 404            | 404      | 404           | 403 | 403        | 404          | 404        | 404      | 401       |
      | DELETE | /api/v1/documents/{freshClinicalDocument}     |       | 403   | 403    | 404    | 404            | 404      | 404           | 204 | 403        | 404          | 404        | 404      | 401       |
      | DELETE | /api/v1/documents/{freshPetPhoto}             |       | 204   | 204    | 403    | 404            | 403      | 404           | 403 | 403        | 404          | 404        | 404      | 401       |
      | DELETE | /api/v1/documents/{freshHouseholdDocument}    |       | 204   | 403    | 404    | 404            | 404      | 404           | 404 | 404        | 404          | 404        | 404      | 401       |
      | DELETE | /api/v1/documents/{freshVisitPhoto}           |       | 204   | 403    | 404    | 404            | 204      | 404           | 404 | 404        | 403          | 404        | 404      | 401       |
      | DELETE | /api/v1/documents/{freshBusinessDocument}     |       | 404   | 404    | 404    | 404            | 404      | 404           | 404 | 404        | 204          | 404        | 404      | 401       |
      # {binned...} is a document of the cell's own, already in the bin: only who may delete it restores it.
      | POST   | /api/v1/documents/{binnedHouseholdDocument}/restore |  | 200   | 403    | 404    | 404            | 404      | 404           | 404 | 404        | 404          | 404        | 404      | 401       |
      | POST   | /api/v1/documents/{binnedClinicalDocument}/restore  |  | 403   | 403    | 404    | 404            | 404      | 404           | 200 | 403        | 404          | 404        | 404      | 401       |
      """;

  private World w;
  private User vet;
  private User outside;
  private String inside;
  private String outsideBooking;
  private String pets;
  private String households;
  private String visits;
  private String businesses;

  @TestFactory
  Stream<DynamicTest> everyDocumentsRouteAnswersEveryCallerAsItsPlaceAllows() {
    w = world();
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    User otherHousehold = signedInUser("other-household");
    createHousehold(otherHousehold, "Next Door");
    outside = signedInUser("outside");
    hire(w.owner(), w.business(), outside, "staff");
    User accountant = signedInUser("accountant");
    hire(w.owner(), w.business(), accountant, "accountant");
    User clinicOwner = withSecondFactor("clinic-owner");
    String clinic = createBusiness(clinicOwner, "clinic", "Paws Clinic");
    vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    User technician = signedInUser("technician");
    hire(clinicOwner, clinic, technician, "vet_technician");
    grant(w.family(), w.household(), clinic);
    inside = assignedBooking(w, w.walkerId(), inHours(1));
    outsideBooking = assignedBooking(w, userId(outside), inHours(72));
    pets = "/api/v1/pets/" + w.pet() + "/documents";
    households = "/api/v1/households/" + w.household() + "/documents";
    visits = "/api/v1/bookings/" + inside + "/photos";
    businesses = "/api/v1/businesses/" + w.business() + "/documents";

    return AccessMatrix.of(TABLE)
        .caller("owner", w.family().accessToken())
        .caller("member", w.familyMember().accessToken())
        .caller("sitter", sitter.accessToken())
        .caller("otherHousehold", otherHousehold.accessToken())
        .caller("assigned", w.walker().accessToken())
        .caller("outsideWindow", outside.accessToken())
        .caller("vet", vet.accessToken())
        .caller("technician", technician.accessToken())
        .caller("companyOwner", w.owner().accessToken())
        .caller("accountant", accountant.accessToken())
        .caller("operator", operator())
        .caller("anonymous", null)
        .everyNotFoundAlike()
        .id("pet", w.pet())
        .id("household", w.household())
        .id("business", w.business())
        .id("visit", cell -> cell.caller().equals("outsideWindow") ? outsideBooking : inside)
        .id("petDocument", uploaded(w.family(), pets, pdfFile("vaccination")))
        .id("clinicalDocument", uploaded(vet, pets, pdfFile("lab_result")))
        .id("petPhoto", uploaded(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile()))
        .id("householdDocument", uploaded(w.family(), households, pdfFile(null)))
        .id("visitPhoto", uploaded(w.walker(), visits, jpegFile()))
        .id("businessDocument", uploaded(w.owner(), businesses, pdfFile(null)))
        .id("freshPetDocument", cell -> uploaded(w.family(), pets, pdfFile("other")))
        .id("freshMembersPetDocument", cell -> uploaded(w.familyMember(), pets, pdfFile("other")))
        .id("freshClinicalDocument", cell -> uploaded(vet, pets, pdfFile("imaging")))
        .id(
            "freshPetPhoto",
            cell -> uploaded(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile()))
        .id("freshHouseholdDocument", cell -> uploaded(w.family(), households, pdfFile(null)))
        .id("freshVisitPhoto", cell -> uploaded(w.walker(), visits, jpegFile()))
        .id("freshBusinessDocument", cell -> uploaded(w.owner(), businesses, pdfFile(null)))
        .id("binnedHouseholdDocument", cell -> binned(w.family(), households, pdfFile(null)))
        .id("binnedClinicalDocument", cell -> binned(vet, pets, pdfFile("lab_result")))
        .body("pdf", pdfFile("other"))
        .body("jpeg", jpegFile())
        .tests(api);
  }

  private String binned(User uploader, String path, ApiClient.Multipart file) {
    String id = uploaded(uploader, path, file);
    ApiClient.Response r = api.delete("/api/v1/documents/" + id, null, uploader.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(204);
    return id;
  }

  private static String operatorSecret;

  /** The allowlisted platform operator, signed in with the second factor. */
  private String operator() {
    String email = "documents-operator@pawkeep.test";
    if (operatorSecret == null) {
      registerVerified(email, PASSWORD);
      ApiClient.Response first = login(email, PASSWORD);
      operatorSecret =
          enrolTotp(
              new User(email, PASSWORD, first.text("access_token"), first.text("refresh_token")));
    }
    ApiClient.Response r = loginWithTotp(email, PASSWORD, operatorSecret);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.text("access_token");
  }
}
