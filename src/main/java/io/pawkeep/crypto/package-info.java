/** Field encryption: per-tenant data keys wrapped by the master key, rotation, shredding. */
package io.pawkeep.crypto;
