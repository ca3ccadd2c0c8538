package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * A clinic (owner signed in with the second factor, a veterinarian, a vet technician and an
 * accountant) whose client is a household (owner and member) with a pet.
 */
abstract class ClinicalTestSupport extends ApiTestSupport {

  protected static final String DEA = "AB1234534";

  protected User clinicOwner;
  protected User vet;
  protected User technician;
  protected User accountant;
  protected User family;
  protected User familyMember;
  protected String clinic;
  protected String household;
  protected String pet;

  /** Sets up the clinic, the client household and its pet. */
  protected void clinicWithClientPet() {
    clinicOwner = withSecondFactor("clinic-owner");
    clinic = createBusiness(clinicOwner, "clinic", "Paws Clinic");
    vet = signedInUser("vet");
    technician = signedInUser("technician");
    accountant = signedInUser("accountant");
    hire(clinicOwner, clinic, vet, "veterinarian");
    hire(clinicOwner, clinic, technician, "vet_technician");
    hire(clinicOwner, clinic, accountant, "accountant");
    family = signedInUser("family");
    household = createHousehold(family, "Client Home");
    familyMember = signedInUser("member");
    join(family, household, familyMember, "member");
    grant(family, household, clinic);
    pet = createPet(family, household, "Rex");
  }

  protected String createPet(User owner, String household, String name) {
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", name, "species", "dog"),
            owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected Map<String, Object> entry(String business, String kind, String summary, String notes) {
    Map<String, Object> body = new HashMap<>();
    body.put("businessId", business);
    body.put("kind", kind);
    body.put("summary", summary);
    if (notes != null) {
      body.put("notes", notes);
    }
    return body;
  }

  protected ApiClient.Response writeEntry(User caller, String pet, Map<String, Object> body) {
    return api.post("/api/v1/pets/" + pet + "/clinical/entries", body, caller.accessToken());
  }

  protected Map<String, Object> prescription(String business, String quantity) {
    return Map.of(
        "businessId", business,
        "drug", "Buprenorphine",
        "schedule", "III",
        "quantity", new BigDecimal(quantity),
        "unit", "ml",
        "directions", "0.2 ml under the tongue every 8 hours",
        "deaNumber", DEA);
  }

  protected ApiClient.Response prescribe(User caller, String pet, Map<String, Object> body) {
    return api.post("/api/v1/pets/" + pet + "/prescriptions", body, caller.accessToken());
  }

  protected ApiClient.Response administer(User caller, String prescription, String quantity) {
    return api.post(
        "/api/v1/prescriptions/" + prescription + "/administrations",
        Map.of(
            "quantity",
            new BigDecimal(quantity),
            "givenAt",
            clock.instant().toString(),
            "notes",
            "Calm"),
        caller.accessToken());
  }
}
