package io.pawkeep.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A controlled-substance prescription; {@code prescriberDea} is masked ({@code AB*****34}) for
 * everyone but the prescribing business's owners.
 */
record PrescriptionView(
    UUID id,
    UUID businessId,
    UUID petId,
    String drug,
    String schedule,
    BigDecimal quantity,
    String unit,
    String directions,
    String prescriberDea,
    UUID prescribedBy,
    Instant prescribedAt,
    Instant locksAt) {}
