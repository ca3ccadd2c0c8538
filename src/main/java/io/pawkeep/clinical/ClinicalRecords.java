package io.pawkeep.clinical;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.clinical.ClinicalEntry.ClinicalAddendum;
import io.pawkeep.clinical.ClinicalRepository.EntryRow;
import io.pawkeep.clinical.ClinicalRepository.NewEntry;
import io.pawkeep.pets.Pets;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Clinical entries written by clinics (AUTHZ-6, DOM-8). Staff holding medical.write in a clinic
 * whose client the pet's household actively is write and sign entries; medical.read holders and the
 * household's members read them. A pet the caller cannot see answers 404; seeing it without the
 * right to write answers 403. The author amends an entry until it locks; afterwards only addenda.
 */
@Service
@Transactional
public class ClinicalRecords {

  static final Set<String> KINDS =
      Set.of("allergy", "weight", "medication", "condition", "vaccination");
  private static final Logger log = LoggerFactory.getLogger(ClinicalRecords.class);

  record EntryFields(UUID businessId, String kind, String summary, String value, String notes) {}

  private final ClinicalRepository entries;
  private final ClinicalRecordRepository records;
  private final Pets pets;
  private final AuditTrail trail;
  private final Clock clock;

  ClinicalRecords(
      ClinicalRepository entries,
      ClinicalRecordRepository records,
      Pets pets,
      AuditTrail trail,
      Clock clock) {
    this.entries = entries;
    this.records = records;
    this.pets = pets;
    this.trail = trail;
    this.clock = clock;
  }

  /** The pet's record with addenda, newest first; every read is audited in the household chain. */
  Page<ClinicalEntry> list(UUID caller, UUID petId, PageRequest page) {
    UUID household = pets.householdOf(petId).orElseThrow(ApiProblem::notFound);
    trail.record(
        new AuditEvent(
            household, caller, "clinical.read", "pet", petId.toString(), null, Map.of()));
    return page(petId, page);
  }

  /**
   * The household's read of its pet's record (DOM-2): any member of the pet's household, the pet
   * answering like a missing one to everyone else (404); not audited, as the household reads its
   * own data.
   */
  @Transactional(readOnly = true)
  Page<ClinicalEntry> listForHousehold(UUID caller, UUID petId, PageRequest page) {
    pets.householdSeenBy(caller, petId);
    return page(petId, page);
  }

  /** The names of the clinics that wrote the pet's record, for its household's members. */
  @Transactional(readOnly = true)
  Map<UUID, String> clinicsForHousehold(UUID caller, UUID petId) {
    pets.householdSeenBy(caller, petId);
    return records.clinicsOfPet(petId);
  }

  /**
   * The clinical record of every pet of the household as row-level security lets the caller see it,
   * by pet id, newest first; for modules that checked the caller's access to the household first
   * (its export, PRIV-1).
   */
  @Transactional(readOnly = true)
  public Map<UUID, List<ClinicalEntry>> ofHousehold(UUID householdId) {
    return records.entriesOfHousehold(householdId);
  }

  private Page<ClinicalEntry> page(UUID petId, PageRequest page) {
    return Page.of(
        records.entriesOfPet(petId, page),
        page,
        e -> Cursor.of(page.list(), e.recordedAt(), e.id()));
  }

  ClinicalEntry write(UUID caller, UUID petId, EntryFields fields) {
    UUID household = pets.householdOf(petId).orElseThrow(ApiProblem::notFound);
    if (fields.businessId() == null) {
      throw ApiProblem.badRequest("businessId is required.");
    }
    requireWriter(fields.businessId(), household);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    entries.insert(
        new NewEntry(
            id,
            petId,
            household,
            fields.businessId(),
            kind(fields.kind()),
            text(fields.summary(), "summary", 500, true),
            text(fields.value(), "value", 200, false),
            text(fields.notes(), "notes", 4000, false),
            caller,
            now));
    audit(household, fields.businessId(), caller, "clinical.entry_signed", id);
    log.info("User {} signed clinical entry {} for pet {}", caller, id, petId);
    return find(petId, id);
  }

  /** The author amends before the lock: {@code null} leaves a field, empty clears value/notes. */
  ClinicalEntry amend(UUID caller, UUID entryId, EntryFields fields) {
    EntryRow entry = entries.entry(entryId).orElseThrow(ApiProblem::notFound);
    if (entry.businessId() == null || !caller.equals(entry.signedBy())) {
      throw ApiProblem.forbidden("Only the author of an entry may amend it.");
    }
    requireWriter(entry.businessId(), entry.householdId());
    requireUnlocked(entry);
    String kind = fields.kind() == null ? null : kind(fields.kind());
    String summary = fields.summary() == null ? null : text(fields.summary(), "summary", 500, true);
    String value =
        fields.value() == null ? null : orEmpty(text(fields.value(), "value", 200, false));
    String notes =
        fields.notes() == null ? null : orEmpty(text(fields.notes(), "notes", 4000, false));
    try {
      entries.amend(entry, kind, summary, value, notes, clock.instant());
    } catch (DataAccessException e) {
      // The database's own lock check (a request racing the lock time).
      throw locked();
    }
    audit(entry.householdId(), entry.businessId(), caller, "clinical.entry_amended", entryId);
    return find(entry.petId(), entryId);
  }

  /** A signed addendum by the entry's clinic; the entry itself stays as it was. */
  ClinicalAddendum addAddendum(UUID caller, UUID entryId, String summary, String notes) {
    EntryRow entry = entries.entry(entryId).orElseThrow(ApiProblem::notFound);
    if (entry.businessId() == null) {
      throw ApiProblem.forbidden("Only the clinic that wrote an entry may add to it.");
    }
    requireWriter(entry.businessId(), entry.householdId());
    UUID id = UUID.randomUUID();
    entries.insertAddendum(
        id,
        entry,
        text(summary, "summary", 500, true),
        text(notes, "notes", 4000, false),
        caller,
        clock.instant());
    audit(entry.householdId(), entry.businessId(), caller, "clinical.addendum_signed", entryId);
    return find(entry.petId(), entryId).addenda().stream()
        .filter(a -> a.id().equals(id))
        .findFirst()
        .orElseThrow(ApiProblem::notFound);
  }

  private void requireWriter(UUID business, UUID household) {
    if (!entries.clinicMay(business, household, "medical.write")) {
      throw ApiProblem.forbidden(
          "Only staff with medical.write of a clinic this household is a client of may write.");
    }
  }

  private void requireUnlocked(EntryRow entry) {
    if (!clock.instant().isBefore(entry.locksAt())) {
      throw locked();
    }
  }

  private static ApiProblem locked() {
    return ApiProblem.conflict("This entry is locked; add an addendum instead.");
  }

  private ClinicalEntry find(UUID petId, UUID entryId) {
    return records.entriesOfPet(petId).stream()
        .filter(e -> e.id().equals(entryId))
        .findFirst()
        .orElseThrow(ApiProblem::notFound);
  }

  private void audit(UUID household, UUID business, UUID actor, String action, UUID entry) {
    for (UUID chain : List.of(household, business)) {
      trail.record(
          new AuditEvent(chain, actor, action, "clinical_entry", entry.toString(), null, Map.of()));
    }
  }

  private static String kind(String kind) {
    if (kind == null || !KINDS.contains(kind)) {
      throw ApiProblem.badRequest(
          "kind must be one of allergy, weight, medication, condition, vaccination.");
    }
    return kind;
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  /** Stripped text of at most {@code max} characters; blank is none unless required. */
  static String text(String text, String field, int max, boolean required) {
    String clean = text == null ? "" : text.strip();
    if (clean.isEmpty()) {
      if (required) {
        throw ApiProblem.badRequest(field + " is required.");
      }
      return null;
    }
    if (clean.length() > max) {
      throw ApiProblem.badRequest(field + " must have at most " + max + " characters.");
    }
    return clean;
  }
}
