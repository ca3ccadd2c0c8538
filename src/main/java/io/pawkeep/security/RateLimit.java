package io.pawkeep.security;

import java.time.Duration;
import java.util.Objects;

/** At most {@code capacity} events per {@code period}, refilled continuously. */
public record RateLimit(int capacity, Duration period) {
  public RateLimit {
    Objects.requireNonNull(period, "period cannot be null");
    if (capacity < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate limit needs a positive capacity and period");
    }
  }

  double perSecond() {
    return capacity / (period.toMillis() / 1000.0);
  }
}
