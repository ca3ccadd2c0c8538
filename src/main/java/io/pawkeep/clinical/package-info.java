/** Clinical records written by clinics, and controlled substances (DOM-7, DOM-8, AUTHZ-6). */
package io.pawkeep.clinical;
