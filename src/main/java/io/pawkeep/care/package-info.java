/** The care log: what assigned staff did during a booking, synced from phones offline (DOM-6). */
package io.pawkeep.care;
