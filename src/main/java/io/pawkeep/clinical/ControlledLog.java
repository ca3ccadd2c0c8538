package io.pawkeep.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A business's controlled-substance administration log, newest first, and running balances: two
 * lists, each read a page at a time (HARD-8).
 */
final class ControlledLog {

  private ControlledLog() {}

  record Administration(
      UUID id,
      UUID prescriptionId,
      UUID householdId,
      UUID petId,
      String drug,
      String unit,
      BigDecimal quantity,
      Instant givenAt,
      String notes,
      BigDecimal balanceAfter,
      UUID administeredBy,
      Instant recordedAt) {}

  /** Dispensed minus administered, per household, drug and unit; never below zero. */
  record Balance(UUID householdId, String drug, String unit, BigDecimal balance) {}
}
