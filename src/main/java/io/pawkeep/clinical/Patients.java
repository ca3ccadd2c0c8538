package io.pawkeep.clinical;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A clinic's patients: the pets of the households that keep it as an active client, for its staff
 * holding medical.read or medical.write (AUTHZ-5, DOM-4). Someone not on the clinic's staff gets
 * 404, staff without either permission 403; a care company's staff, or a household that revoked the
 * clinic, find no pets, as the pets' row-level security decides.
 */
@Service
class Patients {

  private final Businesses businesses;
  private final Pets pets;
  private final ClinicalRepository clinics;

  Patients(Businesses businesses, Pets pets, ClinicalRepository clinics) {
    this.businesses = businesses;
    this.pets = pets;
    this.clinics = clinics;
  }

  @Transactional(readOnly = true)
  Page<PetView> of(UUID caller, UUID businessId, PageRequest page) {
    requireMedical(caller, businessId);
    return pets.ofClinicClients(businessId, page);
  }

  /** One patient of the clinic, with the caller's permissions there. */
  record Patient(PetView pet, Set<String> permissions) {}

  /**
   * One patient of the clinic, checked like {@link #of} first (404 off the staff, 403 without a
   * medical permission); then a pet whose household does not keep this clinic as an active client
   * answers 404, even to staff who see it through another clinic (AUTHZ-5).
   */
  @Transactional(readOnly = true)
  Patient patient(UUID caller, UUID businessId, UUID petId) {
    Set<String> permissions = requireMedical(caller, businessId);
    PetView pet = pets.seen(petId).orElseThrow(ApiProblem::notFound);
    if (!clinics.clinicMay(businessId, pet.householdId(), "medical.read")
        && !clinics.clinicMay(businessId, pet.householdId(), "medical.write")) {
      throw ApiProblem.notFound();
    }
    return new Patient(pet, permissions);
  }

  private Set<String> requireMedical(UUID caller, UUID businessId) {
    Set<String> permissions = businesses.permissionsOf(caller, businessId);
    if (!permissions.contains("medical.read") && !permissions.contains("medical.write")) {
      // Answers 404 off the staff (or without a required second factor, 403), 403 on it.
      businesses.requirePermission(caller, businessId, "medical.read");
    }
    return permissions;
  }
}
