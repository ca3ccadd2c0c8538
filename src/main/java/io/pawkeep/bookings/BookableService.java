package io.pawkeep.bookings;

/** A service a household may book, with the name of the business that offers it. */
record BookableService(String businessName, ServiceView service) {}
