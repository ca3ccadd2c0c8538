package io.pawkeep.clinical;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.clinical.ClinicalConfiguration.ClinicalProperties;
import io.pawkeep.clinical.ControlledLog.Administration;
import io.pawkeep.clinical.ControlledLog.Balance;
import io.pawkeep.clinical.PrescriptionRepository.Stored;
import io.pawkeep.pets.Pets;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Controlled substances (DOM-7): prescriptions by a clinic's medical.write holders for a client
 * household's pet, administrations by controlled.administer holders against a running balance that
 * never goes below zero, and the administration log for controlled.log.read holders, every read of
 * it audited. The prescriber's DEA number is sealed with the business's key and shown in full only
 * to the business's owners.
 */
@Service
@Transactional
class Prescriptions {

  static final Set<String> SCHEDULES = Set.of("II", "III", "IV", "V");
  static final Set<String> UNITS = Set.of("mg", "ml", "tablet", "capsule", "patch");
  private static final Pattern DEA = Pattern.compile("[A-Z][A-Z0-9][0-9]{7}");
  private static final BigDecimal MAX_QUANTITY = new BigDecimal("100000");
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(Prescriptions.class);

  record PrescriptionFields(
      UUID businessId,
      String drug,
      String schedule,
      BigDecimal quantity,
      String unit,
      String directions,
      String deaNumber) {}

  private final PrescriptionRepository prescriptions;
  private final ClinicalRepository clinics;
  private final Pets pets;
  private final Businesses businesses;
  private final AuditTrail trail;
  private final ClinicalProperties properties;
  private final Clock clock;

  Prescriptions(
      PrescriptionRepository prescriptions,
      ClinicalRepository clinics,
      Pets pets,
      Businesses businesses,
      AuditTrail trail,
      ClinicalProperties properties,
      Clock clock) {
    this.prescriptions = prescriptions;
    this.clinics = clinics;
    this.pets = pets;
    this.businesses = businesses;
    this.trail = trail;
    this.properties = properties;
    this.clock = clock;
  }

  PrescriptionView prescribe(UUID caller, UUID petId, PrescriptionFields fields) {
    UUID household = pets.householdOf(petId).orElseThrow(ApiProblem::notFound);
    if (fields.businessId() == null) {
      throw ApiProblem.badRequest("businessId is required.");
    }
    if (!clinics.clinicMay(fields.businessId(), household, "medical.write")) {
      throw ApiProblem.forbidden(
          "Only staff with medical.write of a clinic this household is a client of prescribe.");
    }
    String dea = dea(fields.deaNumber());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Stored p =
        new Stored(
            UUID.randomUUID(),
            fields.businessId(),
            household,
            petId,
            ClinicalRecords.text(fields.drug(), "drug", 200, true),
            schedule(fields.schedule()),
            quantity(fields.quantity()),
            unit(fields.unit()),
            ClinicalRecords.text(fields.directions(), "directions", 1000, true),
            null,
            mask(dea),
            caller,
            now,
            now.plus(properties.prescriptionValidity()));
    prescriptions.insert(p, dea);
    prescriptions.dispense(p);
    audit(p.businessId(), caller, "prescription.created", p.id(), Map.of("schedule", p.schedule()));
    log.info("User {} prescribed {} for pet {}", caller, p.id(), petId);
    return view(p, prescriptions.ownedBusinesses().contains(p.businessId()) ? dea : p.deaMasked());
  }

  /** One page of the pet's prescriptions the caller may see, newest first; reads are audited. */
  Page<PrescriptionView> ofPet(UUID caller, UUID petId, PageRequest page) {
    UUID household = pets.householdOf(petId).orElseThrow(ApiProblem::notFound);
    trail.record(
        new AuditEvent(
            household, caller, "prescriptions.read", "pet", petId.toString(), null, Map.of()));
    Set<UUID> owned = prescriptions.ownedBusinesses();
    return Page.of(
            prescriptions.ofPet(petId, household, page),
            page,
            p -> Cursor.of(page.list(), p.prescribedAt(), p.id()))
        .map(
            p ->
                view(p, owned.contains(p.businessId()) ? prescriptions.openDea(p) : p.deaMasked()));
  }

  /**
   * One prescription, for its household's members and its business's staff (DEA number masked
   * unless they own the business) and for platform admins, who see the DEA number in full: every
   * such reveal is audited in the business's chain.
   */
  PrescriptionView get(UUID caller, UUID id) {
    Stored p = prescriptions.find(id).orElseThrow(ApiProblem::notFound);
    if (prescriptions.ownedBusinesses().contains(p.businessId())) {
      return view(p, prescriptions.openDea(p));
    }
    if (prescriptions.platformAdmin()) {
      audit(p.businessId(), caller, "prescription.dea_revealed", p.id(), Map.of("by", "admin"));
      return view(p, prescriptions.openDea(p));
    }
    return view(p, p.deaMasked());
  }

  /**
   * Records an administration: 404 for a prescription the caller cannot see, 403 without
   * controlled.administer, 409 when the prescription has locked or the balance would go below zero
   * (nothing written). The balance row is locked for the rest of the transaction.
   */
  Administration administer(
      UUID caller, UUID prescriptionId, BigDecimal quantity, Instant givenAt, String notes) {
    Stored p = prescriptions.find(prescriptionId).orElseThrow(ApiProblem::notFound);
    if (!clinics.clinicMay(p.businessId(), p.householdId(), "controlled.administer")) {
      throw ApiProblem.forbidden("Only staff with controlled.administer may record this.");
    }
    BigDecimal given = quantity(quantity);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (givenAt == null
        || givenAt.isAfter(now.plus(CLOCK_SKEW))
        || givenAt.isBefore(p.prescribedAt())) {
      throw ApiProblem.badRequest("givenAt must be between the prescription and now.");
    }
    String cleanNotes = ClinicalRecords.text(notes, "notes", 4000, false);
    if (!now.isBefore(p.locksAt())) {
      throw ApiProblem.conflict("This prescription has locked; write a new one.");
    }
    BigDecimal balance = prescriptions.lockBalance(p).orElse(BigDecimal.ZERO);
    BigDecimal after = balance.subtract(given);
    if (after.signum() < 0) {
      throw ApiProblem.conflict("Not enough left of this drug for this household.");
    }
    prescriptions.setBalance(p, after);
    Administration a =
        new Administration(
            UUID.randomUUID(),
            p.id(),
            p.householdId(),
            p.petId(),
            p.drug(),
            p.unit(),
            given,
            givenAt,
            cleanNotes,
            after,
            caller,
            now);
    prescriptions.insertAdministration(p, a);
    audit(p.businessId(), caller, "controlled.administered", a.id(), Map.of());
    return a;
  }

  /** One page of the business's administration log (controlled.log.read); every read is audited. */
  Page<Administration> log(UUID caller, UUID businessId, PageRequest page) {
    businesses.requirePermission(caller, businessId, "controlled.log.read");
    audit(businessId, caller, "controlled_log.read", businessId, Map.of());
    return Page.of(
        prescriptions.log(businessId, page),
        page,
        a -> Cursor.of(page.list(), a.recordedAt(), a.id()));
  }

  /** One page of the running balances, by household, drug and unit (controlled.log.read). */
  Page<Balance> balances(UUID caller, UUID businessId, PageRequest page) {
    businesses.requirePermission(caller, businessId, "controlled.log.read");
    audit(businessId, caller, "controlled_log.read", businessId, Map.of("part", "balances"));
    return Page.of(
        prescriptions.balances(businessId, page),
        page,
        b -> Cursor.of(page.list(), b.householdId(), b.drug(), b.unit()));
  }

  /**
   * What is left of each drug dispensed by the business for the pet's household, for the staff who
   * keep the balance (medical.write, controlled.administer; the balances' row-level security
   * decides, so anyone else reads none), beside the prescriptions they administer from.
   */
  @Transactional(readOnly = true)
  List<Balance> balancesFor(UUID businessId, UUID householdId) {
    return prescriptions.balancesOfHousehold(businessId, householdId);
  }

  private void audit(
      UUID business, UUID actor, String action, UUID target, Map<String, Object> detail) {
    trail.record(
        new AuditEvent(business, actor, action, "prescription", target.toString(), null, detail));
  }

  private static PrescriptionView view(Stored p, String dea) {
    return new PrescriptionView(
        p.id(),
        p.businessId(),
        p.petId(),
        p.drug(),
        p.schedule(),
        p.quantity(),
        p.unit(),
        p.directions(),
        dea,
        p.prescribedBy(),
        p.prescribedAt(),
        p.locksAt());
  }

  /** {@code AB1234534} becomes {@code AB*****34}. */
  static String mask(String dea) {
    return dea.substring(0, 2) + "*".repeat(dea.length() - 4) + dea.substring(dea.length() - 2);
  }

  private static String dea(String dea) {
    String clean = dea == null ? "" : dea.strip().toUpperCase(Locale.ROOT);
    if (!DEA.matcher(clean).matches()) {
      throw ApiProblem.badRequest("deaNumber must be two letters and seven digits.");
    }
    return clean;
  }

  private static String schedule(String schedule) {
    if (schedule == null || !SCHEDULES.contains(schedule)) {
      throw ApiProblem.badRequest("schedule must be one of II, III, IV, V.");
    }
    return schedule;
  }

  private static String unit(String unit) {
    if (unit == null || !UNITS.contains(unit)) {
      throw ApiProblem.badRequest("unit must be one of mg, ml, tablet, capsule, patch.");
    }
    return unit;
  }

  private static BigDecimal quantity(BigDecimal quantity) {
    if (quantity == null
        || quantity.signum() <= 0
        || quantity.compareTo(MAX_QUANTITY) > 0
        || quantity.stripTrailingZeros().scale() > 3) {
      throw ApiProblem.badRequest(
          "quantity must be above zero, at most 100000, with at most three decimals.");
    }
    return quantity;
  }
}
