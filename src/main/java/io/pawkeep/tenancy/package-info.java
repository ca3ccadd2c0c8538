/** Per-transaction database identity that row-level security policies read. */
package io.pawkeep.tenancy;
