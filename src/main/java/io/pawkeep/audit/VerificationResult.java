package io.pawkeep.audit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The outcome of verifying audit chains: how much was checked and every broken link and bad
 * checkpoint found, in the order found (bad checkpoints first, then each chain by sequence number).
 */
public record VerificationResult(
    int chains, long events, int checkpoints, List<BrokenLink> breaks) {

  static final String HASH_MISMATCH = "hash mismatch";
  static final String SEQUENCE_GAP = "sequence gap";
  static final String HEAD_MISMATCH = "head mismatch";
  static final String CHECKPOINT_MISMATCH = "checkpoint mismatch";
  static final String CHECKPOINT_SIGNATURE_INVALID = "checkpoint signature invalid";
  static final String CUT_SIGNATURE_INVALID = "retention cut signature invalid";

  /**
   * Where a chain stops being trustworthy, or a checkpoint that cannot be trusted.
   *
   * @param chainId the chain, or {@code null} for a checkpoint whose signature is invalid
   * @param seq the sequence number that fails (for a missing event, the missing number); 0 for a
   *     checkpoint whose signature is invalid
   * @param reason one of the constants of {@link VerificationResult}
   * @param checkpointId the checkpoint involved, or {@code null}
   */
  public record BrokenLink(UUID chainId, long seq, String reason, Long checkpointId) {

    String describe() {
      return reason
          + (chainId == null ? "" : " in chain " + chainId + " at seq " + seq)
          + (checkpointId == null ? "" : " (checkpoint " + checkpointId + ")");
    }
  }

  public VerificationResult {
    breaks = List.copyOf(breaks);
  }

  public boolean intact() {
    return breaks.isEmpty();
  }

  /** The first problem found, if any. */
  Optional<BrokenLink> firstBreak() {
    return breaks.stream().findFirst();
  }

  /**
   * For an operator: a summary line, then one line per problem; names ids and numbers, never event
   * contents.
   */
  String describe() {
    String checked =
        chains + " chain(s), " + events + " event(s), " + checkpoints + " checkpoint(s) checked";
    if (intact()) {
      return "Audit trail intact: " + checked;
    }
    return "AUDIT TRAIL BROKEN: "
        + breaks.size()
        + " problem(s); "
        + checked
        + breaks.stream().map(b -> "\n  " + b.describe()).collect(Collectors.joining());
  }
}
