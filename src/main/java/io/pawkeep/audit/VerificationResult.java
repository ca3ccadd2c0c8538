package io.pawkeep.audit;

import java.util.Optional;
import java.util.UUID;

/**
 * The outcome of verifying audit chains: how much was checked and the first broken link, if any.
 */
public record VerificationResult(
    int chains, long events, int checkpoints, Optional<BrokenLink> firstBreak) {

  public static final String HASH_MISMATCH = "hash mismatch";
  public static final String SEQUENCE_GAP = "sequence gap";
  public static final String HEAD_MISMATCH = "head mismatch";
  public static final String CHECKPOINT_MISMATCH = "checkpoint mismatch";
  public static final String CHECKPOINT_SIGNATURE_INVALID = "checkpoint signature invalid";

  /**
   * Where a chain stops being trustworthy.
   *
   * @param chainId the chain, or {@code null} for a checkpoint whose signature names no chain
   * @param seq the first sequence number that fails (for a missing event, the missing number)
   * @param reason one of the constants of {@link VerificationResult}
   * @param checkpointId the checkpoint involved, or {@code null}
   */
  public record BrokenLink(UUID chainId, long seq, String reason, Long checkpointId) {}

  public boolean intact() {
    return firstBreak.isEmpty();
  }

  /** One line for an operator; names ids and numbers, never event contents. */
  public String describe() {
    String checked =
        chains + " chain(s), " + events + " event(s), " + checkpoints + " checkpoint(s) checked";
    return firstBreak
        .map(
            b ->
                "AUDIT TRAIL BROKEN: "
                    + b.reason()
                    + " in chain "
                    + b.chainId()
                    + " at seq "
                    + b.seq()
                    + (b.checkpointId() == null ? "" : " (checkpoint " + b.checkpointId() + ")")
                    + "; "
                    + checked)
        .orElse("Audit trail intact: " + checked);
  }
}
