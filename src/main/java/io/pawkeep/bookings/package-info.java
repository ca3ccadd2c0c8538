/** Services, bookings, their assignment to staff and what assignment lets staff see (AUTHZ-5). */
package io.pawkeep.bookings;
