package io.pawkeep.pets;

import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for pets; row-level security limits every statement to the caller's households. */
@Repository
class PetRepository {

  private static final String PET_COLUMNS =
      "id, household_id, name, species, breed, sex, birth_date, microchip, photo_ref, created_at";

  /**
   * A member's list: one row with nulls when the household has no pets, none when the caller is not
   * (or no longer) a member. Written out once, not on each call.
   */
  private static final String LIST_OF_MEMBER =
      """
      select p.id, p.household_id, p.name, p.species, p.breed, p.sex, p.birth_date,
             p.microchip, p.photo_ref, p.created_at
        from (select cast(:caller as uuid) = pawkeep_current_user()
                     and cast(:householdId as uuid) = any (pawkeep_my_households())
                     as member) caller
        left join lateral (
             select %s from pets where household_id = :householdId
              order by created_at, id limit 500) p on true
       where caller.member
       order by p.created_at, p.id
      """
          .formatted(PET_COLUMNS);

  private final JdbcClient jdbc;
  private final FieldCipher cipher;

  PetRepository(JdbcClient jdbc, FieldCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  void insert(PetView pet) {
    jdbc.sql(
            """
            insert into pets (id, household_id, name, species, breed, sex, birth_date, microchip,
                              photo_ref, created_at)
            values (:id, :householdId, :name, :species, :breed, :sex, :birthDate, :microchip,
                :photoRef, :createdAt)
            """)
        .param("id", pet.id())
        .param("householdId", pet.householdId())
        .param("name", pet.name())
        .param("species", pet.species())
        .param("breed", pet.breed())
        .param("sex", pet.sex())
        .param("birthDate", pet.birthDate())
        .param("microchip", pet.microchip())
        .param("photoRef", pet.photoRef())
        .param("createdAt", Instants.timestamp(pet.createdAt()))
        .update();
  }

  List<PetView> list(UUID householdId) {
    return jdbc.sql(
            "select "
                + PET_COLUMNS
                + " from pets where household_id = :householdId order by created_at, id limit 500")
        .param("householdId", householdId)
        .query((rs, n) -> pet(rs))
        .list();
  }

  /**
   * The household's pets when the caller is a member of it, with the membership check in the same
   * statement (one round trip for both): empty when the caller is not the request's identity, is
   * not a member, or the household was deleted. That is the rule of {@code Households.get}, asked
   * of {@code pawkeep_my_households()} (R__40_households.sql), the function the policies here read
   * too. A member's household without pets answers one row of nulls, so "no pets" and "not yours"
   * stay apart. Row-level security still filters the pets.
   */
  Optional<List<PetView>> listOfMember(UUID caller, UUID householdId) {
    List<PetView> list = new ArrayList<>();
    boolean[] member = {false};
    jdbc.sql(LIST_OF_MEMBER)
        .param("caller", caller)
        .param("householdId", householdId)
        .query(
            rs -> {
              member[0] = true;
              if (rs.getObject("id") != null) {
                list.add(pet(rs));
              }
            });
    return member[0] ? Optional.of(list) : Optional.empty();
  }

  /**
   * One page of the pets of the households that keep this clinic as an active client, where the
   * caller holds a medical permission there (AUTHZ-5, DOM-9): the clinic's rule, function by
   * function, of the pets' row-level security policy {@code clinic_staff_read}, which backs it up.
   */
  List<PetView> ofClinicClients(UUID businessId, PageRequest page) {
    Seek after = page.seek(SortKey.ascending(SortKey.instant("created_at"), SortKey.uuid("id")));
    return jdbc.sql(
            "select "
                + PET_COLUMNS
                + """
                 from pets
                where (household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                                as uuid[]))
                       or household_id = any (cast((select pawkeep_my_clinic_households(
                                                        'medical.write')) as uuid[])))
                  and (pawkeep_clinic_may(:businessId, household_id, 'medical.read')
                       or pawkeep_clinic_may(:businessId, household_id, 'medical.write'))
                """
                + after.and()
                + " order by created_at, id limit :fetch")
        .param("businessId", businessId)
        .params(after.params())
        .query((rs, n) -> pet(rs))
        .list();
  }

  /** The named pets of the household that the caller may see, in one query. */
  /** The names of these pets the caller may read (row-level security), by id. */
  Map<UUID, String> names(List<UUID> ids) {
    Map<UUID, String> names = new HashMap<>();
    jdbc.sql("select id, name from pets where id = any (:ids)")
        .param("ids", ids.toArray(UUID[]::new))
        .query(
            rs -> {
              names.put(rs.getObject("id", UUID.class), rs.getString("name"));
            });
    return names;
  }

  List<PetView> listByIds(UUID householdId, List<UUID> ids) {
    return jdbc.sql(
            "select "
                + PET_COLUMNS
                + " from pets where household_id = :householdId and id = any (:ids)"
                + " order by created_at, id")
        .param("householdId", householdId)
        .param("ids", ids.toArray(UUID[]::new))
        .query((rs, n) -> pet(rs))
        .list();
  }

  /** The named pets the caller may see, whatever their household, in one query. */
  List<PetView> listByIds(List<UUID> ids) {
    return jdbc.sql(
            "select " + PET_COLUMNS + " from pets where id = any (:ids) order by created_at, id")
        .param("ids", ids.toArray(UUID[]::new))
        .query((rs, n) -> pet(rs))
        .list();
  }

  /**
   * The pet as the caller sees it; with {@code lock} (owners and members only: locking needs the
   * write policy) its row stays locked until the transaction ends.
   */
  Optional<PetView> find(UUID id, boolean lock) {
    return jdbc.sql(
            "select " + PET_COLUMNS + " from pets where id = :id" + (lock ? " for update" : ""))
        .param("id", id)
        .query((rs, n) -> pet(rs))
        .optional();
  }

  /** Writes every field of {@code pet} but its id, household and creation time. */
  boolean update(PetView pet) {
    return jdbc.sql(
                """
                update pets set name = :name, species = :species, breed = :breed, sex = :sex,
                    birth_date = :birthDate,
                                microchip = :microchip, photo_ref = :photoRef
                 where id = :id and household_id = :householdId
                """)
            .param("name", pet.name())
            .param("species", pet.species())
            .param("breed", pet.breed())
            .param("sex", pet.sex())
            .param("birthDate", pet.birthDate())
            .param("microchip", pet.microchip())
            .param("photoRef", pet.photoRef())
            .param("id", pet.id())
            .param("householdId", pet.householdId())
            .update()
        == 1;
  }

  boolean delete(UUID id, UUID householdId) {
    return jdbc.sql("delete from pets where id = :id and household_id = :householdId")
            .param("id", id)
            .param("householdId", householdId)
            .update()
        == 1;
  }

  Optional<CareInstructions> careInstructions(UUID petId) {
    return care("pet_id = :petId", Map.of("petId", petId)).values().stream().findFirst();
  }

  /** Care instructions of every pet of the household, by pet id, in one query. */
  Map<UUID, CareInstructions> careInstructionsOfHousehold(UUID householdId) {
    return care("household_id = :householdId", Map.of("householdId", householdId));
  }

  /** Care instructions of the named pets of the household, by pet id, in one query. */
  Map<UUID, CareInstructions> careInstructionsOfPets(UUID householdId, List<UUID> petIds) {
    return care(
        "household_id = :householdId and pet_id = any (:petIds)",
        Map.of("householdId", householdId, "petIds", petIds.toArray(UUID[]::new)));
  }

  /** Care instructions of the named pets the caller may see, by pet id, in one query. */
  Map<UUID, CareInstructions> careInstructionsOfPets(List<UUID> petIds) {
    return care("pet_id = any (:petIds)", Map.of("petIds", petIds.toArray(UUID[]::new)));
  }

  private Map<UUID, CareInstructions> care(String where, Map<String, ?> params) {
    Map<UUID, CareInstructions> care = new HashMap<>();
    jdbc.sql(
            """
            select pet_id, household_id, feeding, behaviour, routine, vet_contact, medical_notes,
                   updated_at, updated_by
              from pet_care_instructions where
            """
                + where)
        .params(params)
        .query(
            rs -> {
              UUID petId = rs.getObject("pet_id", UUID.class);
              care.put(
                  petId,
                  new CareInstructions(
                      rs.getString("feeding"),
                      rs.getString("behaviour"),
                      rs.getString("routine"),
                      rs.getString("vet_contact"),
                      cipher.decryptText(
                          rs.getObject("household_id", UUID.class),
                          "pet_care_instructions",
                          "medical_notes",
                          petId,
                          rs.getBytes("medical_notes")),
                      Instants.from(rs, "updated_at"),
                      rs.getObject("updated_by", UUID.class)));
            });
    return care;
  }

  void putCareInstructions(UUID petId, UUID householdId, CareInstructions care) {
    jdbc.sql(
            """
            insert into pet_care_instructions (pet_id, household_id, feeding, behaviour, routine,
                                               vet_contact, medical_notes, updated_at,
                                               updated_by)
            values (:petId, :householdId, :feeding, :behaviour, :routine, :vetContact,
                :medicalNotes, :updatedAt, :updatedBy)
            on conflict (pet_id) do update
               set feeding = excluded.feeding, behaviour = excluded.behaviour,
                   routine = excluded.routine, vet_contact = excluded.vet_contact,
                   medical_notes = excluded.medical_notes,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """)
        .param("petId", petId)
        .param("householdId", householdId)
        .param("feeding", care.feeding())
        .param("behaviour", care.behaviour())
        .param("routine", care.routine())
        .param("vetContact", care.vetContact())
        .param(
            "medicalNotes",
            cipher.encryptText(
                householdId, "pet_care_instructions", "medical_notes", petId, care.medicalNotes()))
        .param("updatedAt", Instants.timestamp(care.updatedAt()))
        .param("updatedBy", care.updatedBy())
        .update();
  }

  private static PetView pet(ResultSet rs) throws SQLException {
    return new PetView(
        rs.getObject("id", UUID.class),
        rs.getObject("household_id", UUID.class),
        rs.getString("name"),
        rs.getString("species"),
        rs.getString("breed"),
        rs.getString("sex"),
        // As a LocalDate straight away: through java.sql.Date it took a calendar on each row.
        rs.getObject("birth_date", LocalDate.class),
        rs.getString("microchip"),
        rs.getString("photo_ref"),
        Instants.from(rs, "created_at"));
  }
}
