/** Field encryption under the master key. */
package io.pawkeep.crypto;
