/** Households, their members and invitations. */
package io.pawkeep.households;
