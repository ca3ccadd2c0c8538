package io.pawkeep.pets;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.tenancy.Identity;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Medical notes are sealed with the household's data key (CRYPTO-1) and read back by members. */
class MedicalNotesTests extends ApiTestSupport {

  private static final String NOTES = "planted-note: insulin 4 units twice daily";
  private static final String CLINIC_NOTES = "planted-clinic: heart murmur grade II";

  @Autowired OwnerDatabase owner;
  @Autowired FieldCipher cipher;
  @Autowired TransactionTemplate transactions;
  @Autowired Identity identity;

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
    UUID entry = UUID.randomUUID();
    UUID tenant = UUID.fromString(household);
    UUID userId = UUID.fromString(api.get("/api/v1/me", user.accessToken()).text("id"));
    byte[] sealed =
        transactions.execute(
            tx -> {
              identity.assume(userId);
              return cipher.encryptText(
                  tenant, "pet_clinical_entries", "notes", entry, CLINIC_NOTES);
            });
    // Written as the schema owner, the way a clinic's write path will be.
    owner
        .jdbc()
        .sql(
            """
            insert into pet_clinical_entries (id, pet_id, household_id, kind, summary, notes,
                                              recorded_at)
            values (?, ?::uuid, ?, 'condition', 'Murmur', ?, ?)
            """)
        .params(entry, pet, tenant, sealed, Timestamp.from(clock.instant()))
        .update();

    ApiClient.Response record = api.get("/api/v1/pets/" + pet + "/clinical", user.accessToken());
    assertThat(record.status()).as(record.raw()).isEqualTo(200);
    assertThat(record.items().get(0).path("notes").asString()).isEqualTo(CLINIC_NOTES);
    assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("murmur");
  }

  private String pet(User user, String household) {
    return api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", "Mochi", "species", "cat"),
            user.accessToken())
        .text("id");
  }
}
