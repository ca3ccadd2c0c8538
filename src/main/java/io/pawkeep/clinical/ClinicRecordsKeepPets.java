package io.pawkeep.clinical;

import io.pawkeep.pets.PetRecordKeeper;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A pet a clinic wrote clinical entries for is kept: the clinic's record must survive the household
 * deleting the pet (DOM-8, see V22__clinical.sql).
 */
@Component
class ClinicRecordsKeepPets implements PetRecordKeeper {

  private final ClinicalRecordRepository records;

  ClinicRecordsKeepPets(ClinicalRecordRepository records) {
    this.records = records;
  }

  @Override
  public Optional<String> whyKept(UUID petId) {
    return records.hasClinicEntries(petId)
        ? Optional.of("This pet has clinical records written by a clinic and cannot be deleted.")
        : Optional.empty();
  }
}
