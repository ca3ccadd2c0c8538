package io.pawkeep.pets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PetTests extends ApiTestSupport {

  @Autowired OwnerDatabase schemaOwner;

  @Test
  void ownerCreatesListsReadsUpdatesAndDeletesPets() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Pets");
    ApiClient.Response created =
        createPet(
            owner,
            household,
            Map.of(
                "name", " Biscuit ",
                "species", "dog",
                "breed", "Beagle",
                "sex", "female",
                "birthDate", "2020-05-01",
                "microchip", "985112345678903"));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.text("name")).isEqualTo("Biscuit");
    assertThat(created.text("householdId")).isEqualTo(household);
    String pet = created.text("id");
    clock.advance(Duration.ofSeconds(1));
    createPet(owner, household, Map.of("name", "Mittens", "species", "cat"));

    ApiClient.Response list =
        api.get("/api/v1/households/" + household + "/pets", owner.accessToken());
    assertThat(list.status()).isEqualTo(200);
    assertThat(names(list.json())).containsExactly("Biscuit", "Mittens");
    assertThat(list.json().get(1).path("sex").asString()).isEqualTo("unknown");

    ApiClient.Response read = api.get("/api/v1/pets/" + pet, owner.accessToken());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text("birthDate")).isEqualTo("2020-05-01");
    assertThat(read.json().path("careInstructions").isNull()).isTrue();

    ApiClient.Response updated = patch(owner, pet, Map.of("name", "Biscuit II", "breed", ""));
    assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
    assertThat(updated.text("name")).isEqualTo("Biscuit II");
    assertThat(updated.json().path("breed").isNull()).isTrue();
    assertThat(updated.text("species")).isEqualTo("dog");
    assertThat(updated.text("microchip")).isEqualTo("985112345678903");

    assertThat(api.delete("/api/v1/pets/" + pet, null, owner.accessToken()).status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/pets/" + pet, owner.accessToken()).status()).isEqualTo(404);
    assertThat(
            names(api.get("/api/v1/households/" + household + "/pets", owner.accessToken()).json()))
        .containsExactly("Mittens");
  }

  @Test
  void membersWritePetsAndCareInstructions() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    String household = createHousehold(owner, "Family");
    join(owner, household, member, "member");
    ApiClient.Response created =
        createPet(member, household, Map.of("name", "Kiwi", "species", "bird"));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String pet = created.text("id");
    assertThat(patch(member, pet, Map.of("sex", "male")).status()).isEqualTo(200);
    ApiClient.Response care =
        putCare(member, pet, Map.of("feeding", "Seeds twice a day", "vetContact", "Dr Lee"));
    assertThat(care.status()).as(care.raw()).isEqualTo(200);
    assertThat(care.text("feeding")).isEqualTo("Seeds twice a day");
    assertThat(care.text("updatedBy")).isEqualTo(userId(member));

    ApiClient.Response replaced = putCare(owner, pet, Map.of("routine", "Cover the cage at 9pm"));
    assertThat(replaced.status()).isEqualTo(200);
    JsonNode instructions =
        api.get("/api/v1/pets/" + pet, member.accessToken()).json().path("careInstructions");
    assertThat(instructions.path("routine").asString()).isEqualTo("Cover the cage at 9pm");
    assertThat(instructions.path("feeding").isNull()).isTrue();
    assertThat(instructions.path("updatedBy").asString()).isEqualTo(userId(owner));
  }

  @Test
  void sittersReadPetsAndCareInstructionsButCannotChangeAnything() {
    User owner = signedInUser("owner");
    User sitter = signedInUser("sitter");
    String household = createHousehold(owner, "Sitting");
    join(owner, household, sitter, "sitter");
    String pet =
        createPet(owner, household, Map.of("name", "Rex", "species", "reptile")).text("id");
    putCare(owner, pet, Map.of("feeding", "Crickets on Sundays"));

    assertThat(
            names(
                api.get("/api/v1/households/" + household + "/pets", sitter.accessToken()).json()))
        .containsExactly("Rex");
    ApiClient.Response read = api.get("/api/v1/pets/" + pet, sitter.accessToken());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("careInstructions").path("feeding").asString())
        .isEqualTo("Crickets on Sundays");
    assertThat(api.get("/api/v1/pets/" + pet + "/clinical", sitter.accessToken()).status())
        .isEqualTo(200);

    assertThat(patch(sitter, pet, Map.of("name", "Mine")).status()).isEqualTo(403);
    assertThat(putCare(sitter, pet, Map.of("feeding", "Nothing")).status()).isEqualTo(403);
    assertThat(api.delete("/api/v1/pets/" + pet, null, sitter.accessToken()).status())
        .isEqualTo(403);
    assertThat(createPet(sitter, household, Map.of("name", "Stray", "species", "cat")).status())
        .isEqualTo(403);
    ApiClient.Response unchanged = api.get("/api/v1/pets/" + pet, owner.accessToken());
    assertThat(unchanged.text("name")).isEqualTo("Rex");
    assertThat(unchanged.json().path("careInstructions").path("feeding").asString())
        .isEqualTo("Crickets on Sundays");
  }

  @Test
  void anotherHouseholdsPetLooksExactlyLikeAMissingOneOnEveryRoute() {
    User owner = signedInUser("owner");
    User stranger = signedInUser("stranger");
    User otherOwner = signedInUser("neighbour");
    String household = createHousehold(owner, "Private");
    createHousehold(otherOwner, "Next door");
    String pet = createPet(owner, household, Map.of("name", "Shadow", "species", "cat")).text("id");
    String missingPet = UUID.randomUUID().toString();
    String missingHousehold = UUID.randomUUID().toString();

    for (User outsider : List.of(stranger, otherOwner)) {
      for (String[] route : routes()) {
        ApiClient.Response foreign = call(outsider, route, pet, household);
        ApiClient.Response missing = call(outsider, route, missingPet, missingHousehold);
        assertThat(foreign.status()).as(route[0] + " " + route[1]).isEqualTo(404);
        assertThat(((ObjectNode) foreign.json()).without("instance"))
            .as(route[0] + " " + route[1])
            .isEqualTo(((ObjectNode) missing.json()).without("instance"));
      }
    }
    ApiClient.Response intact = api.get("/api/v1/pets/" + pet, owner.accessToken());
    assertThat(intact.status()).isEqualTo(200);
    assertThat(intact.text("name")).isEqualTo("Shadow");
    assertThat(intact.json().path("careInstructions").isNull()).isTrue();
  }

  @Test
  void birthDateInTheFutureIsRejected() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Dates");
    String tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).toString();
    String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    ApiClient.Response future =
        createPet(
            owner, household, Map.of("name", "Soon", "species", "dog", "birthDate", tomorrow));
    assertThat(future.status()).isEqualTo(400);
    assertThat(future.header("Content-Type")).contains("application/problem+json");
    ApiClient.Response born =
        createPet(owner, household, Map.of("name", "Today", "species", "dog", "birthDate", today));
    assertThat(born.status()).isEqualTo(201);
    assertThat(patch(owner, born.text("id"), Map.of("birthDate", tomorrow)).status())
        .isEqualTo(400);
  }

  @Test
  void unknownSpeciesOrSexAndOverlongFieldsAreRejected() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Validation");
    assertThat(createPet(owner, household, Map.of("name", "Nessie", "species", "dragon")).status())
        .isEqualTo(400);
    assertThat(
            createPet(owner, household, Map.of("name", "Pat", "species", "dog", "sex", "other"))
                .status())
        .isEqualTo(400);
    assertThat(createPet(owner, household, Map.of("name", "", "species", "dog")).status())
        .isEqualTo(400);
    assertThat(
            createPet(owner, household, Map.of("name", "x".repeat(61), "species", "dog")).status())
        .isEqualTo(400);
    assertThat(createPet(owner, household, Map.of("name", "NoSpecies")).status()).isEqualTo(400);
    assertThat(
            createPet(
                    owner,
                    household,
                    Map.of("name", "Chip", "species", "dog", "microchip", "9".repeat(33)))
                .status())
        .isEqualTo(400);
    assertThat(
            createPet(
                    owner,
                    household,
                    Map.of("name", "Date", "species", "dog", "birthDate", "not-a-date"))
                .status())
        .isEqualTo(400);
    String pet =
        createPet(owner, household, Map.of("name", "Valid", "species", "rabbit")).text("id");
    assertThat(patch(owner, pet, Map.of("species", "unicorn")).status()).isEqualTo(400);
    assertThat(putCare(owner, pet, Map.of("feeding", "x".repeat(4001))).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/pets/" + pet, owner.accessToken()).text("species"))
        .isEqualTo("rabbit");
  }

  @Test
  void malformedIdsAnswer400() {
    User owner = signedInUser("owner");
    assertThat(api.get("/api/v1/pets/not-a-uuid", owner.accessToken()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/pets/not-a-uuid/clinical", owner.accessToken()).status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/households/not-a-uuid/pets", owner.accessToken()).status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/pets/" + UUID.randomUUID(), null).status()).isEqualTo(401);
  }

  @Test
  void householdOwnerCannotWriteClinicalEntriesEvenDirectlyInTheDatabase() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Clinical");
    String pet = createPet(owner, household, Map.of("name", "Patch", "species", "dog")).text("id");
    UUID ownerId = UUID.fromString(userId(owner));
    UUID entry = seedClinicalEntry(pet, household, "allergy", "Chicken", null);

    assertThatThrownBy(
            () ->
                asIdentity(
                    ownerId,
                    null,
                    sql ->
                        sql.sql(
                                """
                              insert into pet_clinical_entries (id, pet_id, household_id, kind,
                                                                summary, recorded_at)
                              values (?, ?, ?, 'weight', 'Heavier', now())
                              """)
                            .params(
                                UUID.randomUUID(), UUID.fromString(pet), UUID.fromString(household))
                            .update()))
        .isInstanceOf(DataAccessException.class);
    // Clinics' authors may amend (V22__clinical.sql), so an update is granted; no policy lets the
    // household's rows through it.
    Integer updated =
        asIdentity(
            ownerId,
            null,
            sql ->
                sql.sql("update pet_clinical_entries set summary = 'None' where id = ?")
                    .param(entry)
                    .update());
    assertThat(updated).isZero();
    assertThatThrownBy(
            () ->
                asIdentity(
                    ownerId,
                    null,
                    sql ->
                        sql.sql("delete from pet_clinical_entries where id = ?")
                            .param(entry)
                            .update()))
        .isInstanceOf(DataAccessException.class);

    // The owner still reads the entry, unchanged.
    Long visible =
        asIdentity(
            ownerId,
            null,
            sql ->
                sql.sql(
                        "select count(*) from pet_clinical_entries where id = ? and summary = 'Chicken'")
                    .param(entry)
                    .query(Long.class)
                    .single());
    assertThat(visible).isEqualTo(1L);
  }

  @Test
  void householdOwnerCannotWriteCareInstructionsOrPetsOfAnotherHouseholdInTheDatabase() {
    User owner = signedInUser("owner");
    User other = signedInUser("other");
    String household = createHousehold(owner, "Theirs");
    String otherHousehold = createHousehold(other, "Mine");
    String pet = createPet(owner, household, Map.of("name", "Target", "species", "cat")).text("id");
    UUID otherId = UUID.fromString(userId(other));
    // Care instructions filed under the caller's own household for someone else's pet: refused by
    // the composite key to the pet's household.
    assertThatThrownBy(
            () ->
                asIdentity(
                    otherId,
                    null,
                    sql ->
                        sql.sql(
                                """
                              insert into pet_care_instructions (pet_id, household_id, feeding,
                                                                 updated_at)
                              values (?, ?, 'Nothing', now())
                              """)
                            .params(UUID.fromString(pet), UUID.fromString(otherHousehold))
                            .update()))
        .isInstanceOf(DataAccessException.class);
    Integer changed =
        asIdentity(
            otherId,
            null,
            sql ->
                sql.sql("update pets set name = 'Stolen' where id = ?")
                    .param(UUID.fromString(pet))
                    .update());
    assertThat(changed).isZero();
    assertThat(api.get("/api/v1/pets/" + pet, owner.accessToken()).text("name"))
        .isEqualTo("Target");
  }

  @Test
  void membersReadTheClinicalRecordNewestFirstAndOutsidersGet404() {
    User owner = signedInUser("owner");
    User member = signedInUser("member");
    User stranger = signedInUser("stranger");
    String household = createHousehold(owner, "Records");
    join(owner, household, member, "member");
    String pet = createPet(owner, household, Map.of("name", "Bella", "species", "dog")).text("id");
    seedClinicalEntry(pet, household, "weight", "Weighed at check-up", "12.4 kg");
    clock.advance(Duration.ofMinutes(1));
    seedClinicalEntry(pet, household, "vaccination", "Rabies booster", null);

    ApiClient.Response record = api.get("/api/v1/pets/" + pet + "/clinical", member.accessToken());
    assertThat(record.status()).as(record.raw()).isEqualTo(200);
    List<String> kinds = new ArrayList<>();
    record.items().forEach(e -> kinds.add(e.path("kind").asString()));
    assertThat(kinds).containsExactly("vaccination", "weight");
    assertThat(record.items().get(1).path("value").asString()).isEqualTo("12.4 kg");
    assertThat(api.get("/api/v1/pets/" + pet + "/clinical", stranger.accessToken()).status())
        .isEqualTo(404);
    assertThat(
            api.post(
                    "/api/v1/pets/" + pet + "/clinical",
                    Map.of("kind", "weight"),
                    owner.accessToken())
                .status())
        .isEqualTo(405);
  }

  @Test
  void petChangesAreRecordedInTheHouseholdAuditTrail() {
    User owner = signedInUser("owner");
    String household = createHousehold(owner, "Audited");
    String pet = createPet(owner, household, Map.of("name", "Pip", "species", "rabbit")).text("id");
    patch(owner, pet, Map.of("name", "Pippin"));
    putCare(owner, pet, Map.of("feeding", "Hay"));
    api.delete("/api/v1/pets/" + pet, null, owner.accessToken());
    ApiClient.Response trail =
        api.get("/api/v1/households/" + household + "/audit", owner.accessToken());
    assertThat(trail.status()).isEqualTo(200);
    List<String> actions = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    trail
        .items()
        .forEach(
            e -> {
              actions.add(e.path("action").asString());
              targets.add(e.path("targetId").asString());
            });
    assertThat(actions)
        .containsExactly(
            "pet.deleted",
            "care_instructions.updated",
            "pet.updated",
            "pet.created",
            "household.created");
    assertThat(targets.subList(0, 4)).containsOnly(pet);
  }

  /** Method and path of every pet route; {pet} and {household} are filled in per call. */
  private static List<String[]> routes() {
    return List.of(
        new String[] {"GET", "/api/v1/households/{household}/pets"},
        new String[] {"POST", "/api/v1/households/{household}/pets"},
        new String[] {"GET", "/api/v1/pets/{pet}"},
        new String[] {"PATCH", "/api/v1/pets/{pet}"},
        new String[] {"DELETE", "/api/v1/pets/{pet}"},
        new String[] {"PUT", "/api/v1/pets/{pet}/care-instructions"},
        new String[] {"GET", "/api/v1/pets/{pet}/clinical"});
  }

  private ApiClient.Response call(User user, String[] route, String pet, String household) {
    String path = route[1].replace("{pet}", pet).replace("{household}", household);
    Object body =
        switch (route[0]) {
          case "POST" -> Map.of("name", "Intruder", "species", "cat");
          case "PATCH" -> Map.of("name", "Renamed");
          case "PUT" -> Map.of("feeding", "Poison");
          default -> null;
        };
    return api.send(route[0], path, body, user.accessToken(), Map.of());
  }

  /** Writes a clinical entry as the schema owner, the way a clinic's write path will later. */
  private UUID seedClinicalEntry(
      String pet, String household, String kind, String summary, String value) {
    UUID id = UUID.randomUUID();
    schemaOwner
        .jdbc()
        .sql(
            """
            insert into pet_clinical_entries (id, pet_id, household_id, kind, summary, value,
                                              recorded_at)
            values (?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            id,
            UUID.fromString(pet),
            UUID.fromString(household),
            kind,
            summary,
            value,
            Timestamp.from(clock.instant()))
        .update();
    return id;
  }

  private ApiClient.Response createPet(User user, String household, Map<String, Object> body) {
    return api.post("/api/v1/households/" + household + "/pets", body, user.accessToken());
  }

  private ApiClient.Response patch(User user, String pet, Map<String, Object> body) {
    return api.send("PATCH", "/api/v1/pets/" + pet, body, user.accessToken(), Map.of());
  }

  private ApiClient.Response putCare(User user, String pet, Map<String, Object> body) {
    return api.send(
        "PUT", "/api/v1/pets/" + pet + "/care-instructions", body, user.accessToken(), Map.of());
  }

  private static List<String> names(JsonNode pets) {
    List<String> names = new ArrayList<>();
    pets.forEach(p -> names.add(p.path("name").asString()));
    return names;
  }
}
