package io.pawkeep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Measures the offline care sync end to end (HTTP, JSON, one transaction over the embedded
 * PostgreSQL): items per second for a 500-item batch and for its replay. Not a {@code *Tests}
 * class, so {@code ./mvnw verify} never runs it; start it with
 *
 * <pre>./mvnw -q test -Dtest=CareSyncMeasurement -Dspotless.check.skip=true</pre>
 *
 * and read {@code target/care-sync-measurement.txt}.
 */
class CareSyncMeasurement extends BookingTestSupport {

  private static final int BATCH = 500;
  private static final int WARMUP = 3;
  private static final int ROUNDS = 7;

  @Test
  void measureItemsPerSecond() throws IOException {
    World w = world();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String booking = assignedBooking(w, w.walkerId(), now.plusSeconds(60));
    double[] fresh = new double[ROUNDS];
    double[] replay = new double[ROUNDS];
    for (int round = -WARMUP; round < ROUNDS; round++) {
      List<Map<String, Object>> batch = batch(booking, now);
      double first = itemsPerSecond(w.walker(), batch, "accepted");
      double again = itemsPerSecond(w.walker(), batch, "duplicate");
      if (round >= 0) {
        fresh[round] = first;
        replay[round] = again;
      }
    }
    String report =
        String.format(
            "care sync, %d-item batch (450 notes + 50 walks of 100 GPS points), median of %d"
                + " rounds after %d warm-up rounds:%n  new batch: %.0f items/s%n  replay:    %.0f"
                + " items/s%n",
            BATCH, ROUNDS, WARMUP, median(fresh), median(replay));
    Files.writeString(Path.of("target", "care-sync-measurement.txt"), report);
    System.out.print(report);
  }

  private double itemsPerSecond(User walker, List<Map<String, Object>> batch, String outcome) {
    long start = System.nanoTime();
    ApiClient.Response r =
        api.post("/api/v1/sync/care-actions", Map.of("items", batch), walker.accessToken());
    long elapsed = System.nanoTime() - start;
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    r.json()
        .path("results")
        .forEach(o -> assertThat(o.path("outcome").asString()).isEqualTo(outcome));
    return BATCH / (elapsed / 1e9);
  }

  private static List<Map<String, Object>> batch(String booking, Instant now) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int k = 0; k < BATCH; k++) {
      Map<String, Object> payload =
          k % 10 == 0 ? walk() : Map.of("text", "Fed and walked, all well #" + k);
      items.add(
          Map.of(
              "clientId",
              UUID.randomUUID().toString(),
              "bookingId",
              booking,
              "kind",
              k % 10 == 0 ? "walk" : "note",
              "deviceTime",
              now.plusMillis(k).toString(),
              "payload",
              payload));
    }
    return items;
  }

  private static Map<String, Object> walk() {
    List<Map<String, Object>> track = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      track.add(Map.of("lat", 52.5 + k * 0.0001, "lon", 13.4 + k * 0.0001));
    }
    return Map.of("durationMinutes", 30, "distanceMeters", 2500, "track", track);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
