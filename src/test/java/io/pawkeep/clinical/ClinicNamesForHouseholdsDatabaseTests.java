package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The names of the clinics that wrote a pet's record (shown on the household's clinical record
 * page, DOM-2) come from a database function that answers only the pet's household, proven as the
 * application role.
 */
class ClinicNamesForHouseholdsDatabaseTests extends ClinicalTestSupport {

  @Test
  void onlyThePetsHouseholdReadsTheNamesOfTheClinicsThatWroteItsRecordInTheDatabase() {
    clinicWithClientPet();
    assertThat(writeEntry(vet, pet, entry(clinic, "allergy", "Chicken", null)).status())
        .isEqualTo(201);
    User stranger = signedInUser("stranger");

    assertThat(clinicsOfPet(family)).containsExactly("Paws Clinic");
    assertThat(clinicsOfPet(familyMember)).containsExactly("Paws Clinic");
    assertThat(clinicsOfPet(stranger)).isEmpty();
    assertThat(clinicsOfPet(accountant)).isEmpty();
  }

  private List<String> clinicsOfPet(User user) {
    return asCaller(
        user,
        db ->
            db.sql("select name from pawkeep_pet_record_clinics(:pet)")
                .param("pet", UUID.fromString(pet))
                .query(String.class)
                .list());
  }
}
