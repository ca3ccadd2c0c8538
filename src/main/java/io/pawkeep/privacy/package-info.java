/** Privacy: a household's portable export (PRIV-1); erasure and retention come later. */
package io.pawkeep.privacy;
