package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.StoredCiphertext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * CRYPTO-1 at rest: addenda notes (under the household's key) and controlled-substance
 * administration notes (under the business's key) written through the API are stored as ciphertexts
 * bound to their row, and the API shows the plaintext to those who may read it.
 */
class ClinicalNotesAtRestTests extends ClinicalTestSupport {

  private static final String ADDENDUM_NOTES = "planted-addendum: scale read 14.2, truly 12.4";
  private static final String ADMINISTRATION_NOTES = "planted-dose: drowsy, pupils dilated";

  @Autowired OwnerDatabase schemaOwner;
  @Autowired FieldCipher cipher;

  @Test
  void addendaNotesAreStoredEncryptedUnderTheHouseholdKeyAndShownToTheHousehold() {
    clinicWithClientPet();
    String entry = writeEntry(vet, pet, entry(clinic, "weight", "Weighed", null)).text("id");
    clock.advance(Duration.ofHours(24).plusMinutes(1));
    User author = again(vet);
    ApiClient.Response addendum =
        api.post(
            "/api/v1/clinical/entries/" + entry + "/addenda",
            Map.of("summary", "Weight corrected", "notes", ADDENDUM_NOTES),
            author.accessToken());
    assertThat(addendum.status()).as(addendum.raw()).isEqualTo(201);
    UUID id = UUID.fromString(addendum.text("id"));

    byte[] stored = stored("pet_clinical_addenda", id);
    StoredCiphertext.assertSealedByDataKey(stored, ADDENDUM_NOTES);
    User owner = again(family);
    UUID tenant = UUID.fromString(household);
    String opened =
        asCaller(
            owner, sql -> cipher.decryptText(tenant, "pet_clinical_addenda", "notes", id, stored));
    assertThat(opened).isEqualTo(ADDENDUM_NOTES);
    assertThatThrownBy(
            () ->
                asCaller(
                    owner,
                    sql -> cipher.decryptText(tenant, "pet_clinical_entries", "notes", id, stored)))
        .isInstanceOf(IllegalStateException.class);

    JsonNode record = api.get("/api/v1/pets/" + pet + "/clinical", owner.accessToken()).items();
    assertThat(record.get(0).path("addenda").get(0).path("notes").asString())
        .isEqualTo(ADDENDUM_NOTES);
  }

  @Test
  void administrationNotesAreStoredEncryptedUnderTheBusinessKeyAndShownToLogReaders() {
    clinicWithClientPet();
    String prescription = prescribe(vet, pet, prescription(clinic, "10")).text("id");
    ApiClient.Response given =
        api.post(
            "/api/v1/prescriptions/" + prescription + "/administrations",
            Map.of(
                "quantity",
                new BigDecimal("1"),
                "givenAt",
                clock.instant().toString(),
                "notes",
                ADMINISTRATION_NOTES),
            technician.accessToken());
    assertThat(given.status()).as(given.raw()).isEqualTo(201);
    UUID id = UUID.fromString(given.text("id"));

    byte[] stored = stored("controlled_administrations", id);
    StoredCiphertext.assertSealedByDataKey(stored, ADMINISTRATION_NOTES);
    UUID business = UUID.fromString(clinic);
    String opened =
        asCaller(
            vet,
            sql -> cipher.decryptText(business, "controlled_administrations", "notes", id, stored));
    assertThat(opened).isEqualTo(ADMINISTRATION_NOTES);
    assertThatThrownBy(
            () ->
                asCaller(
                    vet,
                    sql ->
                        cipher.decryptText(
                            business,
                            "controlled_administrations",
                            "notes",
                            UUID.randomUUID(),
                            stored)))
        .isInstanceOf(IllegalStateException.class);

    ApiClient.Response log =
        api.get("/api/v1/businesses/" + clinic + "/controlled-log", vet.accessToken());
    assertThat(log.status()).as(log.raw()).isEqualTo(200);
    assertThat(log.items().get(0).path("notes").asString()).isEqualTo(ADMINISTRATION_NOTES);
  }

  /** The notes column's bytes at rest, as anyone holding a copy of the database reads them. */
  private byte[] stored(String table, UUID id) {
    return schemaOwner
        .jdbc()
        .sql("select notes from " + table + " where id = ?")
        .param(id)
        .query(byte[].class)
        .single();
  }
}
