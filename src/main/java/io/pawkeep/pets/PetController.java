package io.pawkeep.pets;

import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Pets and their care instructions. Object checks live in {@link Pets}. */
@RestController
class PetController {

  record CreatePet(
      @NotBlank @Size(max = 60) String name,
      @NotNull @Size(max = 20) String species,
      @Size(max = 60) String breed,
      @Size(max = 10) String sex,
      LocalDate birthDate,
      @Size(max = 32) String microchip,
      @Size(max = 200) String photoRef) {

    Pets.PetFields fields() {
      return new Pets.PetFields(name, species, breed, sex, birthDate, microchip, photoRef);
    }
  }

  /** Absent fields stay unchanged; an empty breed, microchip or photo reference clears it. */
  record UpdatePet(
      @Size(max = 60) String name,
      @Size(max = 20) String species,
      @Size(max = 60) String breed,
      @Size(max = 10) String sex,
      LocalDate birthDate,
      @Size(max = 32) String microchip,
      @Size(max = 200) String photoRef) {

    Pets.PetFields fields() {
      return new Pets.PetFields(name, species, breed, sex, birthDate, microchip, photoRef);
    }
  }

  record PutCareInstructions(
      @Size(max = 4000) String feeding,
      @Size(max = 4000) String behaviour,
      @Size(max = 4000) String routine,
      @Size(max = 1000) String vetContact,
      @Size(max = 4000) String medicalNotes) {

    Pets.CareFields fields() {
      return new Pets.CareFields(feeding, behaviour, routine, vetContact, medicalNotes);
    }
  }

  private final Pets pets;
  private final CurrentUser currentUser;

  PetController(Pets pets, CurrentUser currentUser) {
    this.pets = pets;
    this.currentUser = currentUser;
  }

  @Operation(summary = "The household's pets (members only)")
  @GetMapping("/api/v1/households/{id}/pets")
  List<PetView> list(@PathVariable UUID id) {
    return pets.list(currentUser.userId(), id);
  }

  @Operation(summary = "Add a pet to a household (owners and members)")
  @PostMapping("/api/v1/households/{id}/pets")
  @ResponseStatus(HttpStatus.CREATED)
  PetView create(@PathVariable UUID id, @Valid @RequestBody CreatePet body) {
    return pets.create(currentUser.userId(), id, body.fields());
  }

  @Operation(summary = "One pet with its care instructions (members only)")
  @GetMapping("/api/v1/pets/{petId}")
  PetDetail get(@PathVariable UUID petId) {
    return pets.get(currentUser.userId(), petId);
  }

  @Operation(summary = "Change some of a pet's fields (owners and members)")
  @PatchMapping("/api/v1/pets/{petId}")
  PetView update(@PathVariable UUID petId, @Valid @RequestBody UpdatePet body) {
    return pets.update(currentUser.userId(), petId, body.fields());
  }

  @Operation(
      summary =
          "Delete a pet with its care instructions (owners and members); 409 when a clinic wrote"
              + " clinical entries for it")
  @DeleteMapping("/api/v1/pets/{petId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable UUID petId) {
    pets.delete(currentUser.userId(), petId);
  }

  @Operation(summary = "Replace a pet's care instructions (owners and members)")
  @PutMapping("/api/v1/pets/{petId}/care-instructions")
  CareInstructions putCareInstructions(
      @PathVariable UUID petId, @Valid @RequestBody PutCareInstructions body) {
    return pets.putCareInstructions(currentUser.userId(), petId, body.fields());
  }
}
