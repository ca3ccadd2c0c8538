/** Pets, their care instructions, and the clinical record households read (DOM-2). */
package io.pawkeep.pets;
