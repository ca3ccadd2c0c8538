package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Bounds how many password hashes run at once (AUTH-11). Each Argon2id run holds 19 MiB, and
 * virtual threads put no cap on concurrent requests, so a flood of sign-ins could otherwise take
 * gigabytes. A caller beyond the bound waits in line (first come, first served) for at most {@code
 * maxWait}, then gets 503 with {@code Retry-After}.
 */
final class HashingPermits {

  /** Seconds a refused caller is told to wait; a hash takes well under a second. */
  static final long RETRY_AFTER_SECONDS = 1;

  private static final Logger log = LoggerFactory.getLogger(HashingPermits.class);

  private final Semaphore permits;
  private final int maxConcurrent;
  private final Duration maxWait;
  private final AtomicLong lastWarning =
      new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));

  HashingPermits(int maxConcurrent, Duration maxWait) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    Objects.requireNonNull(maxWait, "maxWait cannot be null");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait cannot be negative");
    }
    this.permits = new Semaphore(maxConcurrent, true);
    this.maxConcurrent = maxConcurrent;
    this.maxWait = maxWait;
  }

  /** One permit per available processor, two seconds in line at most. */
  static HashingPermits defaults() {
    return new HashingPermits(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2));
  }

  int maxConcurrent() {
    return maxConcurrent;
  }

  /** Runs {@code hash} holding a permit, or throws the 503 problem once the wait is over. */
  <T> T run(Supplier<T> hash) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy();
    }
    if (!acquired) {
      warnAtMostEverySecond();
      throw busy();
    }
    try {
      return hash.get();
    } finally {
      permits.release();
    }
  }

  private void warnAtMostEverySecond() {
    long now = System.nanoTime();
    long last = lastWarning.get();
    // A flood refuses thousands of requests: one line a second is enough to see it.
    if (now - last >= TimeUnit.SECONDS.toNanos(1) && lastWarning.compareAndSet(last, now)) {
      log.warn(
          "Password hashing saturated ({} at once): requests refused after waiting {}",
          maxConcurrent,
          maxWait);
    }
  }

  /** For tests: takes permits as a flood would, without hashing. */
  boolean tryTake(int count) {
    return permits.tryAcquire(count);
  }

  /** For tests: gives back what {@link #tryTake} took. */
  void giveBack(int count) {
    permits.release(count);
  }

  static ApiProblem busy() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "busy",
        "Service busy",
        "Too many sign-ins are being checked right now. Try again shortly.",
        Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS),
        headers);
  }
}
