/** User accounts: registration, login, passwords, second factor, password reset and sessions. */
package io.pawkeep.accounts;
