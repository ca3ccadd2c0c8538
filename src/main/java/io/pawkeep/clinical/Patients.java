package io.pawkeep.clinical;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
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

  Patients(Businesses businesses, Pets pets) {
    this.businesses = businesses;
    this.pets = pets;
  }

  @Transactional(readOnly = true)
  Page<PetView> of(UUID caller, UUID businessId, PageRequest page) {
    Set<String> permissions = businesses.permissionsOf(caller, businessId);
    if (!permissions.contains("medical.read") && !permissions.contains("medical.write")) {
      // Answers 404 off the staff (or without a required second factor, 403), 403 on it.
      businesses.requirePermission(caller, businessId, "medical.read");
    }
    return pets.ofClinicClients(businessId, page);
  }
}
