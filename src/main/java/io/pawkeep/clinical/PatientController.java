package io.pawkeep.clinical;

import io.pawkeep.pets.PetView;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A clinic's patients. Checks live in {@link Patients}. */
@RestController
class PatientController {

  private final Patients patients;
  private final CurrentUser currentUser;

  PatientController(Patients patients, CurrentUser currentUser) {
    this.patients = patients;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "The clinic's patients: pets of the households that keep it as an active client, oldest"
              + " first (medical.read or medical.write)")
  @GetMapping("/api/v1/businesses/{id}/patients")
  Page<PetView> list(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return patients.of(currentUser.userId(), id, PageRequest.of("patients", limit, cursor));
  }
}
