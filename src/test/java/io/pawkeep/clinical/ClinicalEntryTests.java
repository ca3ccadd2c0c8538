package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.crypto.KeyRotation;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.households.HouseholdPurge;
import io.pawkeep.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Clinical entries written by clinics (AUTHZ-6, DOM-8). */
class ClinicalEntryTests extends ClinicalTestSupport {

  private static final String NOTES = "Reacts to amoxicillin: hives within an hour";

  @Autowired JdbcClient jdbc;
  @Autowired OwnerDatabase schemaOwner;
  @Autowired KeyRotation rotation;
  @Autowired HouseholdPurge householdPurge;

  @Test
  void veterinarianSignsEntriesWithEncryptedNotesAndTheHouseholdReadsThem() {
    clinicWithClientPet();
    ApiClient.Response written =
        writeEntry(vet, pet, entry(clinic, "allergy", "Amoxicillin", NOTES));
    assertThat(written.status()).as(written.raw()).isEqualTo(201);
    JsonNode entry = written.json();
    assertThat(entry.path("signedBy").asString()).isEqualTo(userId(vet));
    assertThat(entry.path("businessId").asString()).isEqualTo(clinic);
    assertThat(entry.path("notes").asString()).isEqualTo(NOTES);
    assertThat(entry.path("locksAt").asString()).isNotBlank();

    byte[] stored =
        schemaOwner
            .jdbc()
            .sql("select notes from pet_clinical_entries where id = ?")
            .param(UUID.fromString(entry.path("id").asString()))
            .query(byte[].class)
            .single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("amoxicillin");

    for (User reader : List.of(family, familyMember)) {
      JsonNode record = api.get("/api/v1/pets/" + pet + "/clinical", reader.accessToken()).items();
      assertThat(record.get(0).path("notes").asString()).isEqualTo(NOTES);
    }
    JsonNode seen =
        api.get("/api/v1/pets/" + pet + "/clinical/entries", technician.accessToken()).items();
    assertThat(seen.get(0).path("summary").asString()).isEqualTo("Amoxicillin");
    // Every read is recorded in the household's audit trail.
    JsonNode trail =
        api.get("/api/v1/households/" + household + "/audit", family.accessToken()).items();
    assertThat(trail.toString()).contains("clinical.read", "clinical.entry_signed");
  }

  @Test
  void authorAmendsUntilTheLockThenOnlyAddendaWhichKeepTheOriginal() {
    clinicWithClientPet();
    String id = writeEntry(vet, pet, entry(clinic, "weight", "Weighed", null)).text("id");
    String path = "/api/v1/clinical/entries/" + id;
    ApiClient.Response amended =
        api.send(
            "PATCH", path, Map.of("summary", "Weighed at check-up"), vet.accessToken(), Map.of());
    assertThat(amended.status()).as(amended.raw()).isEqualTo(200);
    assertThat(amended.json().path("amendedAt").asString()).isNotBlank();
    // Only the author amends, even within the clinic.
    assertThat(
            api.send("PATCH", path, Map.of("summary", "x"), clinicOwner.accessToken(), Map.of())
                .status())
        .isEqualTo(403);

    clock.advance(Duration.ofHours(24).plusMinutes(1));
    User author = again(vet);
    ApiClient.Response late =
        api.send("PATCH", path, Map.of("summary", "Rewritten"), author.accessToken(), Map.of());
    assertThat(late.status()).as(late.raw()).isEqualTo(409);

    ApiClient.Response addendum =
        api.post(
            path + "/addenda",
            Map.of("summary", "Weight was 12.4 kg, not 14.2", "notes", "Scale recalibrated"),
            author.accessToken());
    assertThat(addendum.status()).as(addendum.raw()).isEqualTo(201);
    assertThat(addendum.json().path("signedBy").asString()).isEqualTo(userId(author));

    User owner = again(family);
    JsonNode record = api.get("/api/v1/pets/" + pet + "/clinical", owner.accessToken()).items();
    assertThat(record.get(0).path("summary").asString()).isEqualTo("Weighed at check-up");
    assertThat(record.get(0).path("addenda").get(0).path("notes").asString())
        .isEqualTo("Scale recalibrated");
  }

  @Test
  void theDatabaseRefusesToChangeALockedEntryButKeyRotationStillReencryptsIt() {
    clinicWithClientPet();
    String id = writeEntry(vet, pet, entry(clinic, "condition", "Arthritis", NOTES)).text("id");
    UUID entryId = UUID.fromString(id);
    UUID vetId = UUID.fromString(userId(vet));
    clock.advance(Duration.ofHours(25));
    assertThatThrownBy(
            () ->
                asIdentity(
                    vetId,
                    null,
                    clock.instant(),
                    sql ->
                        sql.sql("update pet_clinical_entries set summary = 'Healthy' where id = ?")
                            .param(entryId)
                            .update()))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("locked");
    // The database's own clock is behind the test's: lock the entry for it too.
    schemaOwner
        .jdbc()
        .sql("update pet_clinical_entries set locks_at = now() - interval '1 minute' where id = ?")
        .param(entryId)
        .update();
    // The schema owner may not rewrite it either, but may move its notes to a new key.
    assertThatThrownBy(
            () ->
                schemaOwner
                    .jdbc()
                    .sql("update pet_clinical_entries set summary = 'Healthy' where id = ?")
                    .param(entryId)
                    .update())
        .isInstanceOf(DataAccessException.class);
    byte[] before = notes(entryId);
    rotation.rotateAllDataKeys();
    rotation.run();
    assertThat(notes(entryId)).isNotEqualTo(before);
    JsonNode record =
        api.get("/api/v1/pets/" + pet + "/clinical", again(family).accessToken()).items();
    assertThat(record.get(0).path("notes").asString()).isEqualTo(NOTES);
    assertThat(record.get(0).path("summary").asString()).isEqualTo("Arthritis");
  }

  @Test
  void householdOwnerIsRefusedEveryWriteRouteAgainstARealClinic() {
    clinicWithClientPet();
    String id = writeEntry(vet, pet, entry(clinic, "allergy", "Chicken", null)).text("id");
    String path = "/api/v1/clinical/entries/" + id;
    for (User household : List.of(family, familyMember)) {
      assertThat(writeEntry(household, pet, entry(clinic, "weight", "Light", null)).status())
          .isEqualTo(403);
      assertThat(
              api.send("PATCH", path, Map.of("summary", "None"), household.accessToken(), Map.of())
                  .status())
          .isEqualTo(403);
      assertThat(
              api.post(path + "/addenda", Map.of("summary", "None"), household.accessToken())
                  .status())
          .isEqualTo(403);
      assertThat(
              api.post(
                      "/api/v1/pets/" + pet + "/prescriptions",
                      prescription(clinic, "5"),
                      household.accessToken())
                  .status())
          .isEqualTo(403);
    }
    assertThat(api.delete("/api/v1/pets/" + pet, null, family.accessToken()).status())
        .as("a pet with a clinic's record is kept")
        .isEqualTo(409);
    JsonNode record = api.get("/api/v1/pets/" + pet + "/clinical", family.accessToken()).items();
    assertThat(record.size()).isEqualTo(1);
    assertThat(record.get(0).path("summary").asString()).isEqualTo("Chicken");
  }

  @Test
  void aDeletedHouseholdsClinicalRecordIsHiddenFromItsClinicAtOnceAlsoInTheDatabase() {
    clinicWithClientPet();
    String id = writeEntry(vet, pet, entry(clinic, "allergy", "Chicken", NOTES)).text("id");
    assertThat(
            api.post(
                    "/api/v1/clinical/entries/" + id + "/addenda",
                    Map.of("summary", "Confirmed"),
                    vet.accessToken())
                .status())
        .isEqualTo(201);
    String entries = "/api/v1/pets/" + pet + "/clinical/entries";
    assertThat(api.get(entries, technician.accessToken()).items().size()).isOne();
    assertThat(clinicRows(vet)).containsOnly(1L);
    assertThat(clinicMay(vet)).isTrue();

    // Deleted by its owner (PRIV-2): gone for the clinic at once, inside the undo window too.
    assertThat(api.delete("/api/v1/households/" + household, null, family.accessToken()).status())
        .isEqualTo(202);
    for (User staff : List.of(vet, technician)) {
      assertThat(api.get(entries, staff.accessToken()).status()).isEqualTo(404);
      assertThat(clinicRows(staff)).containsOnly(0L);
      assertThat(clinicMay(staff)).isFalse();
    }
    assertThat(writeEntry(vet, pet, entry(clinic, "weight", "Light", null)).status())
        .isIn(403, 404);
  }

  /** Entries, addenda, pets and data keys of the household the user reads as the application. */
  private List<Long> clinicRows(User user) {
    return asCaller(
        user,
        db ->
            List.of("pet_clinical_entries", "pet_clinical_addenda", "pets").stream()
                .map(
                    table ->
                        db.sql("select count(*) from " + table + " where household_id = ?::uuid")
                            .param(household)
                            .query(Long.class)
                            .single())
                .toList());
  }

  /** Whether the clinic's rule lets the user write the household's record, and reads it. */
  private boolean clinicMay(User user) {
    return asCaller(
        user,
        db ->
            db.sql(
                    "select pawkeep_clinic_may(?::uuid, ?::uuid, 'medical.read')"
                        + " or ?::uuid = any (pawkeep_my_clinic_households('medical.read'))")
                .param(clinic)
                .param(household)
                .param(household)
                .query(Boolean.class)
                .single());
  }

  @Test
  void aPetWithClinicRecordsIsKeptButErasingTheHouseholdRemovesThemWhilePrescriptionsStay() {
    clinicWithClientPet();
    writeEntry(vet, pet, entry(clinic, "allergy", "Chicken", NOTES));
    String prescription = prescribe(vet, pet, prescription(clinic, "2")).text("id");
    String other = createPet(family, household, "Spot");
    assertThat(api.delete("/api/v1/pets/" + other, null, family.accessToken()).status())
        .as("a pet without a clinic's record may go")
        .isEqualTo(204);
    ApiClient.Response refused = api.delete("/api/v1/pets/" + pet, null, family.accessToken());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.header("Content-Type")).contains("application/problem+json");

    assertThat(api.delete("/api/v1/households/" + household, null, family.accessToken()).status())
        .isEqualTo(202);
    // Erased once the undo window passed (PRIV-2).
    schemaOwner
        .jdbc()
        .sql("update households set purge_after = now() where id = ?::uuid")
        .param(household)
        .update();
    householdPurge.run();
    Long entries =
        schemaOwner
            .jdbc()
            .sql("select count(*) from pet_clinical_entries where pet_id = ?")
            .param(UUID.fromString(pet))
            .query(Long.class)
            .single();
    assertThat(entries).isZero();
    Long prescriptions =
        schemaOwner
            .jdbc()
            .sql("select count(*) from prescriptions where id = ?")
            .param(UUID.fromString(prescription))
            .query(Long.class)
            .single();
    assertThat(prescriptions).as("the clinic's controlled-substance records stay").isEqualTo(1L);
  }

  @Test
  void householdOwnerCannotWriteClinicRecordsEvenDirectlyInTheDatabase() {
    clinicWithClientPet();
    UUID entryId =
        UUID.fromString(writeEntry(vet, pet, entry(clinic, "allergy", "Chicken", null)).text("id"));
    UUID ownerId = UUID.fromString(userId(family));
    UUID petId = UUID.fromString(pet);
    UUID householdId = UUID.fromString(household);
    UUID clinicId = UUID.fromString(clinic);
    List<Runnable> attempts =
        List.of(
            () ->
                jdbc.sql(
                        """
                        insert into pet_clinical_entries (id, pet_id, household_id, kind, summary,
                            recorded_at, recorded_by, business_id, signed_at, signed_by)
                        values (?, ?, ?, 'weight', 'Heavier', now(), ?, ?, now(), ?)
                        """)
                    .params(UUID.randomUUID(), petId, householdId, ownerId, clinicId, ownerId)
                    .update(),
            () ->
                jdbc.sql(
                        """
                        insert into pet_clinical_addenda (id, entry_id, household_id, business_id,
                                                          summary, signed_at, signed_by)
                        values (?, ?, ?, ?, 'Forged', now(), ?)
                        """)
                    .params(UUID.randomUUID(), entryId, householdId, clinicId, ownerId)
                    .update(),
            () -> jdbc.sql("delete from pet_clinical_entries where id = ?").param(entryId).update(),
            () -> jdbc.sql("delete from pets where id = ?").param(petId).update());
    for (Runnable attempt : attempts) {
      assertThatThrownBy(
              () ->
                  asIdentity(
                      ownerId,
                      null,
                      sql -> {
                        attempt.run();
                        return null;
                      }))
          .isInstanceOf(DataAccessException.class);
    }
    Integer updated =
        asIdentity(
            ownerId,
            null,
            sql ->
                sql.sql("update pet_clinical_entries set summary = 'None' where id = ?")
                    .param(entryId)
                    .update());
    assertThat(updated).isZero();
  }

  @Test
  void onlyStaffWithMedicalWriteOfAnActiveClinicWriteAndRevocationCutsTheClinicOff() {
    clinicWithClientPet();
    User carer = withSecondFactor("carer");
    String company = createBusiness(carer, "care_company", "Walkers");
    grant(family, household, company);
    assertThat(writeEntry(technician, pet, entry(clinic, "weight", "Light", null)).status())
        .as("vet technician: medical.read only")
        .isEqualTo(403);
    assertThat(writeEntry(accountant, pet, entry(clinic, "weight", "Light", null)).status())
        .as("accountant: never medical")
        .isEqualTo(404);
    assertThat(writeEntry(carer, pet, entry(company, "weight", "Light", null)).status())
        .as("a care company is no clinic")
        .isEqualTo(404);
    assertThat(writeEntry(clinicOwner, pet, entry(clinic, "weight", "Light", null)).status())
        .isEqualTo(201);

    revoke(family, household, clinic);
    assertThat(writeEntry(vet, pet, entry(clinic, "weight", "Light", null)).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/pets/" + pet + "/clinical/entries", vet.accessToken()).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/pets/" + pet + "/prescriptions", vet.accessToken()).status())
        .isEqualTo(404);
  }

  @Test
  void badInputAnswersProblemDetailsAndWritesNothing() {
    clinicWithClientPet();
    List<Map<String, Object>> bad =
        List.of(
            entry(clinic, "diagnosis", "Unknown kind", null),
            entry(clinic, "weight", "x".repeat(501), null),
            entry(clinic, "weight", "   ", null),
            entry(clinic, "weight", "Notes too long", "n".repeat(4001)),
            Map.of("kind", "weight", "summary", "No business"),
            Map.of("businessId", "not-a-uuid", "kind", "weight", "summary", "Bad id"));
    for (Map<String, Object> body : bad) {
      ApiClient.Response r = writeEntry(vet, pet, body);
      assertThat(r.status()).as(body.toString() + r.raw()).isEqualTo(400);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
    }
    assertThat(api.get("/api/v1/pets/" + pet + "/clinical", family.accessToken()).items().size())
        .isZero();
    ApiClient.Response missing =
        api.post(
            "/api/v1/clinical/entries/" + UUID.randomUUID() + "/addenda",
            Map.of("summary", "x"),
            vet.accessToken());
    ApiClient.Response missingPet =
        writeEntry(vet, UUID.randomUUID().toString(), entry(clinic, "weight", "x", null));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(withoutInstance(missingPet)).isEqualTo(withoutInstance(missing));
  }

  static String withoutInstance(ApiClient.Response r) {
    return ((tools.jackson.databind.node.ObjectNode) r.json()).without("instance").toString();
  }

  private byte[] notes(UUID entry) {
    return schemaOwner
        .jdbc()
        .sql("select notes from pet_clinical_entries where id = ?")
        .param(entry)
        .query(byte[].class)
        .single();
  }
}
