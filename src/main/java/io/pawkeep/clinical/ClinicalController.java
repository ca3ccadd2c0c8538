package io.pawkeep.clinical;

import io.pawkeep.clinical.ClinicalEntry.ClinicalAddendum;
import io.pawkeep.clinical.ClinicalRecords.EntryFields;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Clinical entries written by clinics. Object checks live in {@link ClinicalRecords}. */
@RestController
class ClinicalController {

  record WriteEntry(
      @NotNull UUID businessId,
      @NotNull @Size(max = 20) String kind,
      @NotNull @Size(max = 500) String summary,
      @Size(max = 200) String value,
      @Size(max = 4000) String notes) {}

  record AmendEntry(
      @Size(max = 20) String kind,
      @Size(max = 500) String summary,
      @Size(max = 200) String value,
      @Size(max = 4000) String notes) {}

  record WriteAddendum(@NotNull @Size(max = 500) String summary, @Size(max = 4000) String notes) {}

  private final ClinicalRecords records;
  private final CurrentUser currentUser;

  ClinicalController(ClinicalRecords records, CurrentUser currentUser) {
    this.records = records;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "A pet's clinical record with addenda (medical.read of a clinic the household is an"
              + " active client of, or the household's members); every read is audited")
  @GetMapping("/api/v1/pets/{petId}/clinical/entries")
  Page<ClinicalEntry> list(
      @PathVariable UUID petId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return records.list(
        currentUser.userId(), petId, PageRequest.of("clinical-entries", limit, cursor));
  }

  @Operation(
      summary =
          "A pet's clinical record, newest first, with addenda; written by clinics only (members"
              + " read)")
  @GetMapping("/api/v1/pets/{petId}/clinical")
  Page<ClinicalEntry> householdRecord(
      @PathVariable UUID petId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return records.listForHousehold(
        currentUser.userId(), petId, PageRequest.of("clinical-entries", limit, cursor));
  }

  @Operation(
      summary =
          "Write and sign a clinical entry (medical.write of a clinic the household is an active"
              + " client of)")
  @PostMapping("/api/v1/pets/{petId}/clinical/entries")
  @ResponseStatus(HttpStatus.CREATED)
  ClinicalEntry write(@PathVariable UUID petId, @Valid @RequestBody WriteEntry body) {
    return records.write(
        currentUser.userId(),
        petId,
        new EntryFields(
            body.businessId(), body.kind(), body.summary(), body.value(), body.notes()));
  }

  @Operation(summary = "Amend an entry before it locks (its author, still holding medical.write)")
  @PatchMapping("/api/v1/clinical/entries/{entryId}")
  ClinicalEntry amend(@PathVariable UUID entryId, @Valid @RequestBody AmendEntry body) {
    return records.amend(
        currentUser.userId(),
        entryId,
        new EntryFields(null, body.kind(), body.summary(), body.value(), body.notes()));
  }

  @Operation(summary = "Add a signed addendum to an entry (medical.write of the entry's clinic)")
  @PostMapping("/api/v1/clinical/entries/{entryId}/addenda")
  @ResponseStatus(HttpStatus.CREATED)
  ClinicalAddendum addAddendum(@PathVariable UUID entryId, @Valid @RequestBody WriteAddendum body) {
    return records.addAddendum(currentUser.userId(), entryId, body.summary(), body.notes());
  }
}
