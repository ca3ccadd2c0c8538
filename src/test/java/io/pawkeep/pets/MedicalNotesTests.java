package io.pawkeep.pets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.StoredCiphertext;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Medical notes are sealed with the household's data key (CRYPTO-1) and read back by members. */
class MedicalNotesTests extends ApiTestSupport {

  private static final String NOTES = "planted-note: insulin 4 units twice daily";
  private static final String CLINIC_NOTES = "planted-clinic: heart murmur grade II";

  @Autowired OwnerDatabase owner;
  @Autowired FieldCipher cipher;

  @Test
  void householdMedicalNotesAreEncryptedAtRestAndReadByEveryMemberIncludingSitters() {
    User user = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String household = createHousehold(user, "Notes");
    join(user, household, sitter, "sitter");
    String pet = pet(user, household);
    ApiClient.Response put =
        api.send(
            "PUT",
            "/api/v1/pets/" + pet + "/care-instructions",
            Map.of("feeding", "Twice a day", "medicalNotes", NOTES),
            user.accessToken(),
            Map.of());
    assertThat(put.status()).as(put.raw()).isEqualTo(200);
    assertThat(put.json().path("medicalNotes").asString()).isEqualTo(NOTES);

    String raw =
        owner
            .jdbc()
            .sql(
                "select encode(medical_notes, 'escape') from pet_care_instructions"
                    + " where pet_id = ?::uuid")
            .param(pet)
            .query(String.class)
            .single();
    assertThat(raw).doesNotContain("insulin").doesNotContain("planted");
    ApiClient.Response read = api.get("/api/v1/pets/" + pet, sitter.accessToken());
    assertThat(read.json().path("careInstructions").path("medicalNotes").asString())
        .isEqualTo(NOTES);
    assertThat(
            api.send(
                    "PUT",
                    "/api/v1/pets/" + pet + "/care-instructions",
                    Map.of("medicalNotes", "x".repeat(4001)),
                    user.accessToken(),
                    Map.of())
                .status())
        .isEqualTo(400);
  }

  @Test
  void clinicNotesAreStoredEncryptedAndShownToTheHouseholdInTheClinicalRecord() {
    User user = signedInUser("owner");
    String household = createHousehold(user, "Clinic notes");
    String pet = pet(user, household);
    User clinicOwner = withSecondFactor("clinic-owner");
    String clinic = createBusiness(clinicOwner, "clinic", "Murmur Clinic");
    User vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    grant(user, household, clinic);

    // Written through the clinic's route, as a veterinarian writes it.
    ApiClient.Response written =
        api.post(
            "/api/v1/pets/" + pet + "/clinical/entries",
            Map.of(
                "businessId",
                clinic,
                "kind",
                "condition",
                "summary",
                "Murmur",
                "notes",
                CLINIC_NOTES),
            vet.accessToken());
    assertThat(written.status()).as(written.raw()).isEqualTo(201);
    UUID entry = UUID.fromString(written.text("id"));

    // The bytes at rest, as anyone holding a copy of the database reads them.
    byte[] stored =
        owner
            .jdbc()
            .sql("select notes from pet_clinical_entries where id = ?")
            .param(entry)
            .query(byte[].class)
            .single();
    StoredCiphertext.assertSealedByDataKey(stored, CLINIC_NOTES);
    UUID tenant = UUID.fromString(household);
    String opened =
        asCaller(
            user,
            sql -> cipher.decryptText(tenant, "pet_clinical_entries", "notes", entry, stored));
    assertThat(opened).isEqualTo(CLINIC_NOTES);
    assertThatThrownBy(
            () ->
                asCaller(
                    user,
                    sql ->
                        cipher.decryptText(
                            tenant, "pet_clinical_entries", "notes", UUID.randomUUID(), stored)))
        .isInstanceOf(IllegalStateException.class);

    ApiClient.Response record = api.get("/api/v1/pets/" + pet + "/clinical", user.accessToken());
    assertThat(record.status()).as(record.raw()).isEqualTo(200);
    assertThat(record.items().get(0).path("notes").asString()).isEqualTo(CLINIC_NOTES);
  }

  private String pet(User user, String household) {
    return api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", "Mochi", "species", "cat"),
            user.accessToken())
        .text("id");
  }
}
