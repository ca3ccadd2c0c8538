package io.pawkeep.bench;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Measures audited writes over the embedded PostgreSQL: the latency of one append in a transaction
 * of its own (begin, identity, append, commit), and appends per second for 8 concurrent writers on
 * one chain and on 8 chains. Not a {@code *Tests} class, so {@code ./mvnw verify} never runs it;
 * start it with
 *
 * <pre>./mvnw -q test -Dtest=AuditAppendMeasurement -Dspotless.check.skip=true</pre>
 *
 * and read {@code target/audit-append-measurement.txt}.
 */
class AuditAppendMeasurement extends ApiTestSupport {

  private static final int APPENDS = 2_000;
  private static final int WRITERS = 8;
  private static final int ROUNDS = 5;

  @Autowired AuditTrail trail;

  @Test
  void measureAppends() throws Exception {
    UUID actor = UUID.randomUUID();
    appendOneByOne(UUID.randomUUID(), actor, APPENDS); // warm-up
    double[] micros = new double[ROUNDS];
    double[] oneChain = new double[ROUNDS];
    double[] ownChains = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long[] each = appendOneByOne(UUID.randomUUID(), actor, APPENDS);
      Arrays.sort(each);
      micros[round] = each[each.length / 2] / 1_000.0;
      UUID shared = UUID.randomUUID();
      oneChain[round] = concurrently(w -> shared, actor);
      ownChains[round] = concurrently(w -> UUID.randomUUID(), actor);
    }
    String report =
        String.format(
            "audit append, median of %d rounds:%n  one append in its own transaction: %.0f µs"
                + " (median of %d)%n  %d writers, one chain:  %.0f appends/s%n  %d writers, %d"
                + " chains: %.0f appends/s%n",
            ROUNDS,
            median(micros),
            APPENDS,
            WRITERS,
            median(oneChain),
            WRITERS,
            WRITERS,
            median(ownChains));
    Files.writeString(Path.of("target", "audit-append-measurement.txt"), report);
    System.out.print(report);
  }

  private long[] appendOneByOne(UUID chain, UUID actor, int count) {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      append(chain, actor, i);
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  private double concurrently(java.util.function.IntFunction<UUID> chainOf, UUID actor)
      throws Exception {
    int each = APPENDS / WRITERS;
    ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        UUID chain = chainOf.apply(w);
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    append(chain, actor, i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return WRITERS * each / ((System.nanoTime() - start) / 1e9);
    } finally {
      threads.shutdown();
    }
  }

  private void append(UUID chain, UUID actor, int n) {
    asIdentity(
        actor,
        db ->
            trail.record(
                new AuditEvent(
                    chain, actor, "pet.updated", "pet", "p-" + n, "192.0.2.7", Map.of("n", n))));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
