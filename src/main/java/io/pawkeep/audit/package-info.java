/** LOG-1: the append-only, hash-chained audit trail, its signed checkpoints and its verifier. */
package io.pawkeep.audit;
