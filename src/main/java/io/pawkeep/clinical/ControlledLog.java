package io.pawkeep.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A business's controlled-substance administration log, newest first, and running balances. */
record ControlledLog(List<Administration> administrations, List<Balance> balances) {

  ControlledLog {
    administrations = List.copyOf(administrations);
    balances = List.copyOf(balances);
  }

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
