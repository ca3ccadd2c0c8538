/**
 * Pets and their care instructions; a clinic's record keeps a pet from deletion ({@link
 * io.pawkeep.pets.PetRecordKeeper}).
 */
@ApplicationModule(
    displayName = "Pets",
    allowedDependencies = {"audit", "crypto", "households", "security", "web"})
package io.pawkeep.pets;

import org.springframework.modulith.ApplicationModule;
