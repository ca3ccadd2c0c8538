/** Operator endpoints for platform administrators. */
package io.pawkeep.admin;
