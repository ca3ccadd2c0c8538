package io.pawkeep.pets;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pets and their care instructions; the clinical record is the clinical module's. A pet or
 * household the caller does not belong to answers exactly like a missing one (404); sitters read
 * but get 403 for every write. The database enforces the same rules (row-level security in {@code
 * V7__pets.sql}).
 */
@Service
@Transactional
public class Pets {

  static final Set<String> SPECIES = Set.of("dog", "cat", "bird", "rabbit", "reptile", "other");
  static final Set<String> SEXES = Set.of("female", "male", "unknown");
  private static final Set<String> WRITERS = Set.of("owner", "member");
  private static final Logger log = LoggerFactory.getLogger(Pets.class);

  /**
   * Fields of a pet as sent by a client. On update, {@code null} leaves a field unchanged and an
   * empty text clears an optional one (breed, microchip, photo reference).
   */
  record PetFields(
      String name,
      String species,
      String breed,
      String sex,
      LocalDate birthDate,
      String microchip,
      String photoRef) {}

  /** Care instructions as sent by a client; the whole set is replaced. */
  record CareFields(
      String feeding, String behaviour, String routine, String vetContact, String medicalNotes) {}

  private final PetRepository pets;
  private final Households households;
  private final AuditTrail trail;
  private final List<PetRecordKeeper> keepers;
  private final Clock clock;

  Pets(
      PetRepository pets,
      Households households,
      AuditTrail trail,
      List<PetRecordKeeper> keepers,
      Clock clock) {
    this.pets = pets;
    this.households = households;
    this.trail = trail;
    this.keepers = List.copyOf(keepers);
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public List<PetView> list(UUID caller, UUID householdId) {
    return pets.listOfMember(caller, householdId).orElseThrow(ApiProblem::notFound);
  }

  PetView create(UUID caller, UUID householdId, PetFields fields) {
    requireWriter(households.get(caller, householdId));
    PetView pet =
        new PetView(
            UUID.randomUUID(),
            householdId,
            name(fields.name()),
            species(fields.species()),
            optional(fields.breed(), "breed", 60),
            fields.sex() == null ? "unknown" : sex(fields.sex()),
            birthDate(fields.birthDate()),
            optional(fields.microchip(), "microchip", 32),
            optional(fields.photoRef(), "photoRef", 200),
            clock.instant());
    pets.insert(pet);
    audit(pet, caller, "pet.created", Map.of());
    log.info("User {} added pet {} to household {}", caller, pet.id(), householdId);
    return pets.find(pet.id(), false).orElseThrow(ApiProblem::notFound);
  }

  @Transactional(readOnly = true)
  PetDetail get(UUID caller, UUID petId) {
    PetView pet = visible(caller, petId);
    return PetDetail.of(pet, pets.careInstructions(petId).orElse(null));
  }

  PetView update(UUID caller, UUID petId, PetFields fields) {
    PetView pet = writable(caller, petId);
    PetView changed =
        new PetView(
            pet.id(),
            pet.householdId(),
            fields.name() == null ? pet.name() : name(fields.name()),
            fields.species() == null ? pet.species() : species(fields.species()),
            fields.breed() == null ? pet.breed() : optional(fields.breed(), "breed", 60),
            fields.sex() == null ? pet.sex() : sex(fields.sex()),
            fields.birthDate() == null ? pet.birthDate() : birthDate(fields.birthDate()),
            fields.microchip() == null
                ? pet.microchip()
                : optional(fields.microchip(), "microchip", 32),
            fields.photoRef() == null
                ? pet.photoRef()
                : optional(fields.photoRef(), "photoRef", 200),
            pet.createdAt());
    if (!pets.update(changed)) {
      throw ApiProblem.notFound();
    }
    audit(pet, caller, "pet.updated", Map.of("fields", changedFields(pet, changed)));
    log.info("User {} updated pet {}", caller, petId);
    return changed;
  }

  void delete(UUID caller, UUID petId) {
    PetView pet = writable(caller, petId);
    for (PetRecordKeeper keeper : keepers) {
      // A clinic's record must survive the household deleting the pet (V22__clinical.sql).
      keeper
          .whyKept(petId)
          .ifPresent(
              why -> {
                throw ApiProblem.conflict(why);
              });
    }
    audit(pet, caller, "pet.deleted", Map.of());
    if (!pets.delete(petId, pet.householdId())) {
      throw ApiProblem.notFound();
    }
    log.info("User {} deleted pet {}", caller, petId);
  }

  CareInstructions putCareInstructions(UUID caller, UUID petId, CareFields fields) {
    PetView pet = writable(caller, petId);
    CareInstructions care =
        new CareInstructions(
            optional(fields.feeding(), "feeding", 4000),
            optional(fields.behaviour(), "behaviour", 4000),
            optional(fields.routine(), "routine", 4000),
            optional(fields.vetContact(), "vetContact", 1000),
            optional(fields.medicalNotes(), "medicalNotes", 4000),
            clock.instant(),
            caller);
    pets.putCareInstructions(petId, pet.householdId(), care);
    audit(pet, caller, "care_instructions.updated", Map.of());
    log.info("User {} updated the care instructions of pet {}", caller, petId);
    return pets.careInstructions(petId).orElseThrow(ApiProblem::notFound);
  }

  /**
   * The household of a pet the caller belongs to (any role of its household); another household's
   * pet answers exactly like a missing one (404). For modules that show a pet's records to its
   * household.
   */
  @Transactional(readOnly = true)
  public UUID householdSeenBy(UUID caller, UUID petId) {
    return visible(caller, petId).householdId();
  }

  /**
   * The household of a pet the caller may see: a member of its household, or clinic staff with a
   * medical permission while the household is an active client (row-level security decides).
   */
  @Transactional(readOnly = true)
  public Optional<UUID> householdOf(UUID petId) {
    return pets.find(petId, false).map(PetView::householdId);
  }

  /**
   * A pet the caller may see, as {@link #householdOf} decides (row-level security); for a clinic's
   * patient pages, which check the clinic's permission first.
   */
  @Transactional(readOnly = true)
  public Optional<PetView> seen(UUID petId) {
    return pets.find(petId, false);
  }

  /**
   * One page of a clinic's patients: the pets of the households that keep the clinic as an active
   * client, for a module that has checked the caller's medical permission there; row-level security
   * answers an empty page to anyone else. Oldest first.
   */
  @Transactional(readOnly = true)
  public Page<PetView> ofClinicClients(UUID businessId, PageRequest page) {
    return Page.of(
        pets.ofClinicClients(businessId, page),
        page,
        pet -> Cursor.of(page.list(), pet.createdAt(), pet.id()));
  }

  /** Every pet of the household with its care instructions, in 2 queries, as exported. */
  @Transactional(readOnly = true)
  public List<PetDetail> forExport(UUID caller, UUID householdId) {
    households.get(caller, householdId);
    Map<UUID, CareInstructions> care = pets.careInstructionsOfHousehold(householdId);
    return pets.list(householdId).stream()
        .map(pet -> PetDetail.of(pet, care.get(pet.id())))
        .toList();
  }

  /**
   * The names of those of these pets the caller may read, by id, in one query: row-level security
   * decides (the household's people, an assignee inside the assignment window, clinic staff with a
   * medical permission). For a module that has already decided the caller should see them.
   */
  @Transactional(readOnly = true)
  public Map<UUID, String> namesOf(List<UUID> petIds) {
    return petIds.isEmpty() ? Map.of() : pets.names(petIds);
  }

  /**
   * The named pets of a household with their care instructions, in two queries, for a module that
   * has already decided the caller may see them (the household of a booking, or its assignee inside
   * the assignment window). Row-level security limits the rows to what the caller may see all the
   * same, so a caller without access gets an empty list.
   */
  @Transactional(readOnly = true)
  public List<PetDetail> ofHousehold(UUID householdId, List<UUID> petIds) {
    if (petIds.isEmpty()) {
      return List.of();
    }
    Map<UUID, CareInstructions> care = pets.careInstructionsOfPets(householdId, petIds);
    return pets.listByIds(householdId, petIds).stream()
        .map(pet -> PetDetail.of(pet, care.get(pet.id())))
        .toList();
  }

  /**
   * The named pets with their care instructions, whatever their households, in two queries, for a
   * module that has already decided the caller may see them (the assignee's visits inside their
   * assignment windows). Row-level security limits the rows again: a pet the caller may not see is
   * absent.
   */
  @Transactional(readOnly = true)
  public Map<UUID, PetDetail> withCareInstructions(List<UUID> petIds) {
    if (petIds.isEmpty()) {
      return Map.of();
    }
    Map<UUID, CareInstructions> care = pets.careInstructionsOfPets(petIds);
    Map<UUID, PetDetail> details = new java.util.LinkedHashMap<>();
    for (PetView pet : pets.listByIds(petIds)) {
      details.put(pet.id(), PetDetail.of(pet, care.get(pet.id())));
    }
    return details;
  }

  private PetView visible(UUID caller, UUID petId) {
    PetView pet = pets.find(petId, false).orElseThrow(ApiProblem::notFound);
    // Row-level security already hides other households' pets; membership is checked again here.
    households.get(caller, pet.householdId());
    return pet;
  }

  /** Checks the caller may change the pet (owner or member), then locks and rereads it. */
  private PetView writable(UUID caller, UUID petId) {
    PetView pet = pets.find(petId, false).orElseThrow(ApiProblem::notFound);
    requireWriter(households.get(caller, pet.householdId()));
    // Lock the row, so concurrent partial updates never overwrite each other's fields.
    return pets.find(petId, true).orElseThrow(ApiProblem::notFound);
  }

  private static void requireWriter(HouseholdView household) {
    if (!WRITERS.contains(household.role())) {
      throw ApiProblem.forbidden("Only owners and members of this household may change its pets.");
    }
  }

  private void audit(PetView pet, UUID actor, String action, Map<String, Object> detail) {
    trail.record(
        new AuditEvent(pet.householdId(), actor, action, "pet", pet.id().toString(), null, detail));
  }

  private static List<String> changedFields(PetView before, PetView after) {
    List<String> fields = new ArrayList<>();
    addIfChanged(fields, "name", before.name(), after.name());
    addIfChanged(fields, "species", before.species(), after.species());
    addIfChanged(fields, "breed", before.breed(), after.breed());
    addIfChanged(fields, "sex", before.sex(), after.sex());
    addIfChanged(fields, "birthDate", before.birthDate(), after.birthDate());
    addIfChanged(fields, "microchip", before.microchip(), after.microchip());
    addIfChanged(fields, "photoRef", before.photoRef(), after.photoRef());
    return fields;
  }

  private static void addIfChanged(List<String> fields, String field, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      fields.add(field);
    }
  }

  private static String name(String name) {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > 60) {
      throw ApiProblem.badRequest("name must have 1 to 60 characters.");
    }
    return clean;
  }

  private static String species(String species) {
    if (species == null || !SPECIES.contains(species)) {
      throw ApiProblem.badRequest("species must be one of dog, cat, bird, rabbit, reptile, other.");
    }
    return species;
  }

  private static String sex(String sex) {
    if (!SEXES.contains(sex)) {
      throw ApiProblem.badRequest("sex must be one of female, male, unknown.");
    }
    return sex;
  }

  private LocalDate birthDate(LocalDate birthDate) {
    if (birthDate != null && birthDate.isAfter(LocalDate.now(clock))) {
      throw ApiProblem.badRequest("birthDate cannot be in the future.");
    }
    return birthDate;
  }

  /** An optional text: stripped, empty means none, at most {@code max} characters. */
  private static String optional(String text, String field, int max) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String clean = text.strip();
    if (clean.length() > max) {
      throw ApiProblem.badRequest(field + " must have at most " + max + " characters.");
    }
    return clean;
  }
}
