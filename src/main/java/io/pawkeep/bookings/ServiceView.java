package io.pawkeep.bookings;

import java.time.Instant;
import java.util.UUID;

/** A service a business offers: price in minor units of an ISO 4217 currency. */
record ServiceView(
    UUID id,
    UUID businessId,
    String kind,
    String name,
    int durationMinutes,
    long priceMinor,
    String currency,
    Instant createdAt) {}
