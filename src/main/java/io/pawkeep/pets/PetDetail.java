package io.pawkeep.pets;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One pet with its care instructions ({@code null} until someone writes them). */
public record PetDetail(
    UUID id,
    UUID householdId,
    String name,
    String species,
    String breed,
    String sex,
    LocalDate birthDate,
    String microchip,
    String photoRef,
    Instant createdAt,
    CareInstructions careInstructions) {

  static PetDetail of(PetView pet, CareInstructions care) {
    return new PetDetail(
        pet.id(),
        pet.householdId(),
        pet.name(),
        pet.species(),
        pet.breed(),
        pet.sex(),
        pet.birthDate(),
        pet.microchip(),
        pet.photoRef(),
        pet.createdAt(),
        care);
  }
}
