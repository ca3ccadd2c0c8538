/** Outgoing mail: files in development, SMTP in production. */
package io.pawkeep.mail;
