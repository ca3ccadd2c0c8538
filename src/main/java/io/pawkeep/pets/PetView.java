package io.pawkeep.pets;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A pet as the members of its household see it. */
public record PetView(
    UUID id,
    UUID householdId,
    String name,
    String species,
    String breed,
    String sex,
    LocalDate birthDate,
    String microchip,
    String photoRef,
    Instant createdAt) {}
