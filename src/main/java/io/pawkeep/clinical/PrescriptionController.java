package io.pawkeep.clinical;

import io.pawkeep.clinical.ControlledLog.Administration;
import io.pawkeep.clinical.ControlledLog.Balance;
import io.pawkeep.clinical.Prescriptions.PrescriptionFields;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Controlled-substance prescriptions and their log. Object checks live in {@link Prescriptions}.
 */
@RestController
class PrescriptionController {

  record Prescribe(
      @NotNull UUID businessId,
      @NotNull @Size(max = 200) String drug,
      @NotNull @Size(max = 5) String schedule,
      @NotNull BigDecimal quantity,
      @NotNull @Size(max = 10) String unit,
      @NotNull @Size(max = 1000) String directions,
      @NotNull @Size(max = 20) String deaNumber) {}

  record Administer(
      @NotNull BigDecimal quantity, @NotNull Instant givenAt, @Size(max = 4000) String notes) {}

  private final Prescriptions prescriptions;
  private final CurrentUser currentUser;

  PrescriptionController(Prescriptions prescriptions, CurrentUser currentUser) {
    this.prescriptions = prescriptions;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "A pet's controlled-substance prescriptions (the household's members, or clinic staff"
              + " with medical.read); DEA numbers masked except for the business's owners")
  @GetMapping("/api/v1/pets/{petId}/prescriptions")
  Page<PrescriptionView> list(
      @PathVariable UUID petId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return prescriptions.ofPet(
        currentUser.userId(), petId, PageRequest.of("prescriptions", limit, cursor));
  }

  @Operation(
      summary =
          "Prescribe a controlled substance (medical.write of a clinic the household is an active"
              + " client of)")
  @PostMapping("/api/v1/pets/{petId}/prescriptions")
  @ResponseStatus(HttpStatus.CREATED)
  PrescriptionView prescribe(@PathVariable UUID petId, @Valid @RequestBody Prescribe body) {
    return prescriptions.prescribe(
        currentUser.userId(),
        petId,
        new PrescriptionFields(
            body.businessId(),
            body.drug(),
            body.schedule(),
            body.quantity(),
            body.unit(),
            body.directions(),
            body.deaNumber()));
  }

  @Operation(
      summary =
          "One prescription (the household's members, the business's medical staff, platform"
              + " admins); DEA number in full only for the business's owners and platform admins,"
              + " whose reads are audited")
  @GetMapping("/api/v1/prescriptions/{id}")
  PrescriptionView get(@PathVariable UUID id) {
    return prescriptions.get(currentUser.userId(), id);
  }

  @Operation(summary = "Record an administration (controlled.administer); 409 if not enough left")
  @PostMapping("/api/v1/prescriptions/{id}/administrations")
  @ResponseStatus(HttpStatus.CREATED)
  Administration administer(@PathVariable UUID id, @Valid @RequestBody Administer body) {
    return prescriptions.administer(
        currentUser.userId(), id, body.quantity(), body.givenAt(), body.notes());
  }

  @Operation(
      summary = "The business's administration log, newest first (controlled.log.read); audited")
  @GetMapping("/api/v1/businesses/{id}/controlled-log")
  Page<Administration> log(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return prescriptions.log(
        currentUser.userId(), id, PageRequest.of("controlled-log", limit, cursor));
  }

  @Operation(
      summary =
          "The business's running balances by household, drug and unit (controlled.log.read);"
              + " audited")
  @GetMapping("/api/v1/businesses/{id}/controlled-log/balances")
  Page<Balance> balances(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return prescriptions.balances(
        currentUser.userId(), id, PageRequest.of("controlled-balances", limit, cursor));
  }
}
