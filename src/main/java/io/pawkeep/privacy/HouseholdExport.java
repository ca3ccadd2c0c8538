package io.pawkeep.privacy;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.clinical.ClinicalEntry;
import io.pawkeep.clinical.ClinicalRecords;
import io.pawkeep.households.AccessSecrets;
import io.pawkeep.households.AddressNotes;
import io.pawkeep.households.HouseholdKeys;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.pets.PetDetail;
import io.pawkeep.pets.Pets;
import io.pawkeep.security.SecurityMetrics;
import io.pawkeep.watch.Watch;
import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything a household owns, as one portable JSON document (PRIV-1), for its owners: the
 * household, members, pets with care instructions and clinical records, keys, reveals and audit
 * trail. Access secrets are included only when the owner signed in within the last few minutes (a
 * fresh sign-in is the re-authentication); every export is audited, with or without secrets.
 */
@Service
@Transactional
class HouseholdExport {

  static final Duration RECENT_SIGN_IN = Duration.ofMinutes(5);

  /** A pet with everything recorded about it, as exported. */
  record PetRecord(PetDetail pet, List<ClinicalEntry> clinicalRecord) {}

  private final Households households;
  private final HouseholdKeys keys;
  private final AccessSecrets secrets;
  private final AddressNotes addressNotes;
  private final Pets pets;
  private final ClinicalRecords clinical;
  private final AuditTrail trail;
  private final Clock clock;
  private final SecurityMetrics metrics;
  private final Watch watch;

  HouseholdExport(
      Households households,
      HouseholdKeys keys,
      AccessSecrets secrets,
      AddressNotes addressNotes,
      Pets pets,
      ClinicalRecords clinical,
      AuditTrail trail,
      Clock clock,
      SecurityMetrics metrics,
      Watch watch) {
    this.households = households;
    this.keys = keys;
    this.secrets = secrets;
    this.addressNotes = addressNotes;
    this.pets = pets;
    this.clinical = clinical;
    this.trail = trail;
    this.clock = clock;
    this.metrics = metrics;
    this.watch = watch;
  }

  Map<String, Object> export(
      UUID caller, UUID householdId, boolean includeSecrets, Instant signedInAt) {
    HouseholdView household = households.get(caller, householdId);
    if (!household.isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may export it.");
    }
    if (includeSecrets && signedInAt.isBefore(clock.instant().minus(RECENT_SIGN_IN))) {
      throw ApiProblem.forbidden(
          "Exporting access secrets needs a fresh sign-in: sign in again, then export within"
              + " five minutes.");
    }
    Map<String, Object> export = new LinkedHashMap<>();
    export.put("format", "pawkeep-household-export/1");
    export.put("exportedAt", clock.instant());
    export.put("household", household);
    export.put("members", households.members(caller, householdId));
    export.put("addressNote", addressNotes.of(caller, householdId));
    export.put("pets", pets(caller, householdId));
    export.put("keys", keys.list(caller, householdId));
    export.put("accessSecretReveals", secrets.reveals(caller, householdId));
    if (includeSecrets) {
      export.put("accessSecrets", secrets.revealForExport(caller, householdId));
    }
    trail.record(
        new AuditEvent(
            householdId,
            caller,
            "household.exported",
            "household",
            householdId.toString(),
            null,
            Map.of("accessSecrets", includeSecrets)));
    // LOG-3: counted, and compared with the person's own usual.
    metrics.exported("household");
    watch.exported(caller);
    export.put("auditTrail", households.auditTrail(caller, householdId));
    return export;
  }

  /** Every pet of the household with its care instructions and clinical record, in 4 queries. */
  private List<PetRecord> pets(UUID caller, UUID householdId) {
    List<PetDetail> all = pets.forExport(caller, householdId);
    Map<UUID, List<ClinicalEntry>> records = clinical.ofHousehold(householdId);
    return all.stream()
        .map(pet -> new PetRecord(pet, records.getOrDefault(pet.id(), List.of())))
        .toList();
  }
}
