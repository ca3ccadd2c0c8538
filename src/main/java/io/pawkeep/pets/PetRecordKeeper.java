package io.pawkeep.pets;

import java.util.Optional;
import java.util.UUID;

/**
 * A module that keeps records of pets which must outlive the household's wish to delete them (a
 * clinic's clinical record, DOM-8). Pets asks every keeper before deleting a pet, and the keepers
 * depend on pets, never the other way round.
 */
public interface PetRecordKeeper {

  /** Why the pet cannot be deleted (the 409 answer's detail), or empty when nothing keeps it. */
  Optional<String> whyKept(UUID petId);
}
