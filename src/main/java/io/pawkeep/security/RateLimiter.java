package io.pawkeep.security;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.web.Instants;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Token buckets kept in PostgreSQL, so every node enforces one shared limit. One atomic statement
 * per check refills the bucket for the time elapsed and takes a token if one is there; a refused
 * attempt takes nothing, so waiting always ends the limit.
 *
 * <p>Leases (HARD-5, for the API limits of {@link #takeAll}): a limit of at least {@value
 * #LEASE_DIVISOR} × 2 tokens is not settled with the database on every request. A node takes a
 * lease of up to {@code L} = capacity / {@value #LEASE_DIVISOR} tokens (at most {@value
 * #MAX_LEASE}) from the shared bucket in one statement ({@code pawkeep_lease_tokens}), the whole
 * tokens the bucket holds if fewer, and spends them itself, one per request, for at most the time
 * the bucket takes to refill {@code L} tokens ({@code L / rate}); what is left then is dropped,
 * never given back. Smaller limits (the API keys' 50 an hour, the sign-in limits of {@link #take})
 * stay exact: one statement per check. The bounds, for {@code N} nodes:
 *
 * <ul>
 *   <li>Never over-admits in total: every request admitted on any node spent a token that one node
 *       took from the shared bucket, and a node makes none of its own; so up to any moment all
 *       nodes together admit at most what the bucket gave: its capacity plus its refill since it
 *       was full, as one exact check would.
 *   <li>Within a window: a token is spent at most {@code L / rate} after it left the bucket, so any
 *       window admits at most the exact bucket's capacity plus refill over the window plus {@code
 *       L} (the refill of that delay; 1% of the capacity), whatever the number of nodes.
 *   <li>Bounded under-admission: a node holds at most {@code L - 1} unspent tokens per bucket
 *       (renewals are serialised per bucket on a node), so a caller refused on one node finds at
 *       most {@code N × (L - 1)} tokens unspent on the others; their expiry gives them back to the
 *       refill within {@code L / rate}.
 * </ul>
 *
 * For the default 3,000 calls an hour per user: leases of 30, at most 36 s old, under-admission at
 * most 29 per node, and one statement per 30 calls instead of one per call. A node also remembers a
 * refusal until the bucket can hold a token again (no other node can add one sooner), so a caller
 * hammering a full limit costs it no statement either.
 */
@Component
public class RateLimiter {

  private static final String REFILLED =
      "least(:capacity, b.tokens + greatest(0, extract(epoch from"
          + " (excluded.updated_at - b.updated_at))) * :rate)";

  private static final String TAKE =
      """
      insert into rate_limit_buckets as b (bucket_key, tokens, allowed, updated_at)
      values (:key, :capacity - 1, true, :now)
      on conflict (bucket_key) do update set
        tokens = %1$s - case when %1$s >= 1 then 1 else 0 end,
        allowed = %1$s >= 1,
        updated_at = greatest(b.updated_at, excluded.updated_at)
      returning tokens, allowed
      """
          .formatted(REFILLED);

  static final int POOL_SIZE = 4;

  /** A lease is at most this fraction of a bucket's capacity: 1%. */
  static final int LEASE_DIVISOR = 100;

  /** And at most this many tokens, whatever the capacity. */
  static final int MAX_LEASE = 50;

  private static final int SWEEP_EVERY = 4096;

  private final HikariDataSource pool;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final SecurityMetrics metrics;
  private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
  private final AtomicInteger sweepCountdown = new AtomicInteger(SWEEP_EVERY);

  RateLimiter(HikariDataSource application, Clock clock, SecurityMetrics metrics) {
    // A pool of its own, as the application role: a check runs outside the request's transaction
    // (a token taken stays taken when the request fails and rolls back), and a request that holds
    // a connection of the main pool never waits for a second one from that same pool, which would
    // deadlock once every connection is held by a request waiting for another.
    HikariConfig config = new HikariConfig();
    config.setPoolName("pawkeep-limits");
    config.setJdbcUrl(application.getJdbcUrl());
    config.setUsername(application.getUsername());
    config.setPassword(application.getPassword());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setAutoCommit(true);
    this.pool = new HikariDataSource(config);
    this.jdbc = JdbcClient.create(pool);
    this.clock = clock;
    this.metrics = metrics;
  }

  @PreDestroy
  void close() {
    pool.close();
  }

  /**
   * Takes one token from the bucket named by {@code bucket} and {@code subject} (hashed before it
   * is stored), or throws {@link RateLimitedException} with the time until the next token.
   */
  public void take(String bucket, String subject, RateLimit limit) {
    Objects.requireNonNull(bucket, "bucket cannot be null");
    Objects.requireNonNull(subject, "subject cannot be null");
    Objects.requireNonNull(limit, "limit cannot be null");
    double rate = limit.perSecond();
    Bucket bucketState =
        jdbc.sql(TAKE)
            .param("key", bucket + ":" + digest(subject))
            .param("now", Instants.timestamp(clock.instant()))
            .param("capacity", (double) limit.capacity())
            .param("rate", rate)
            .query((rs, n) -> new Bucket(rs.getDouble("tokens"), rs.getBoolean("allowed")))
            .single();
    if (!bucketState.allowed()) {
      metrics.rateLimited(bucket);
      long waitMillis = (long) Math.ceil((1 - bucketState.tokens()) / rate * 1000);
      throw new RateLimitedException(Duration.ofSeconds(Math.max(1, (waitMillis + 999) / 1000)));
    }
  }

  /**
   * Takes one token from each of {@code limits} (bucket name to limit) for {@code subject}, all or
   * none; or throws {@link RateLimitedException} with the time until every bucket holds a token
   * again. Exact (one round trip) unless every limit is large enough for a lease (see the class
   * comment), then from this node's lease, renewed in one round trip.
   */
  void takeAll(String subject, Map<String, RateLimit> limits) {
    Objects.requireNonNull(subject, "subject cannot be null");
    Objects.requireNonNull(limits, "limits cannot be null");
    List<Map.Entry<String, RateLimit>> entries = List.copyOf(limits.entrySet());
    int wanted = Integer.MAX_VALUE;
    for (Map.Entry<String, RateLimit> entry : entries) {
      wanted = Math.min(wanted, leaseSize(entry.getValue()));
    }
    if (wanted <= 1) {
      Granted granted = lease(subject, entries, 1, clock.instant());
      if (granted.tokens() == 0) {
        throw refused(subject, granted.waitSeconds());
      }
      return;
    }
    takeLeased(subject, entries, wanted);
  }

  /** How many tokens a node leases at once from a bucket of {@code limit}: 1 is exact. */
  static int leaseSize(RateLimit limit) {
    return Math.max(1, Math.min(MAX_LEASE, limit.capacity() / LEASE_DIVISOR));
  }

  private void takeLeased(String subject, List<Map.Entry<String, RateLimit>> entries, int wanted) {
    String key = leaseKey(subject, entries);
    while (true) {
      Lease lease = leases.computeIfAbsent(key, k -> new Lease());
      lease.lock.lock();
      try {
        if (lease.retired) {
          continue; // swept away meanwhile: take the one that replaced it
        }
        Instant now = clock.instant();
        if (now.isBefore(lease.expires) && lease.left > 0) {
          lease.left--;
          return;
        }
        if (now.isBefore(lease.refusedUntil)) {
          throw refused(subject, Duration.between(now, lease.refusedUntil).toMillis() / 1000.0);
        }
        // What is left has outlived its lease (or is nothing): dropped, never given back.
        lease.left = 0;
        Granted granted = lease(subject, entries, wanted, now);
        if (granted.tokens() == 0) {
          lease.refusedUntil = now.plusMillis((long) Math.ceil(granted.waitSeconds() * 1000));
          throw refused(subject, granted.waitSeconds());
        }
        lease.left = granted.tokens() - 1;
        lease.expires = now.plus(life(entries, granted.tokens()));
        return;
      } finally {
        lease.lock.unlock();
        sweepNowAndThen();
      }
    }
  }

  /** The time the slowest of these buckets takes to refill {@code tokens}. */
  private static Duration life(List<Map.Entry<String, RateLimit>> entries, int tokens) {
    double seconds = 0;
    for (Map.Entry<String, RateLimit> entry : entries) {
      seconds = Math.max(seconds, tokens / entry.getValue().perSecond());
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  /**
   * Every {@value #SWEEP_EVERY} renewals or spends, forgets the leases that expired and hold no
   * refusal, so the map holds only callers active within about a lease's life.
   */
  private void sweepNowAndThen() {
    if (sweepCountdown.decrementAndGet() > 0) {
      return;
    }
    sweepCountdown.set(SWEEP_EVERY);
    Instant now = clock.instant();
    for (Map.Entry<String, Lease> entry : leases.entrySet()) {
      Lease lease = entry.getValue();
      if (lease.lock.tryLock()) {
        try {
          if (!now.isBefore(lease.expires) && !now.isBefore(lease.refusedUntil)) {
            lease.retired = true;
            leases.remove(entry.getKey(), lease);
          }
        } finally {
          lease.lock.unlock();
        }
      }
    }
  }

  /** Leases held by this node, for tests: the unspent tokens of {@code subject}'s buckets. */
  int unspent(String subject, Map<String, RateLimit> limits) {
    Lease lease = leases.get(leaseKey(subject, List.copyOf(limits.entrySet())));
    return lease == null || !clock.instant().isBefore(lease.expires) ? 0 : lease.left;
  }

  private static String leaseKey(String subject, List<Map.Entry<String, RateLimit>> entries) {
    StringBuilder key = new StringBuilder(subject);
    entries.stream().map(Map.Entry::getKey).sorted().forEach(name -> key.append('\n').append(name));
    return key.toString();
  }

  /**
   * Takes up to {@code wanted} tokens from every bucket of {@code entries} for {@code subject} in
   * one statement, the same number from each: none when any bucket holds less than one.
   */
  private Granted lease(
      String subject, List<Map.Entry<String, RateLimit>> entries, int wanted, Instant now) {
    String digest = digest(subject);
    String[] keys = new String[entries.size()];
    double[] capacities = new double[entries.size()];
    double[] rates = new double[entries.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = entries.get(i).getKey() + ":" + digest;
      capacities[i] = entries.get(i).getValue().capacity();
      rates[i] = entries.get(i).getValue().perSecond();
    }
    return jdbc.sql(
            "select granted, wait_seconds from pawkeep_lease_tokens(:keys::text[],"
                + " :capacities::float8[], :rates::float8[], :wanted, :now)")
        .param("keys", keys)
        .param("capacities", capacities)
        .param("rates", rates)
        .param("wanted", wanted)
        .param("now", Instants.timestamp(now))
        .query((rs, n) -> new Granted(rs.getInt(1), rs.getDouble(2)))
        .single();
  }

  private RateLimitedException refused(String subject, double waitSeconds) {
    // Tagged by the kind of subject (api-key, api-user), never the subject itself.
    int colon = subject.indexOf(':');
    metrics.rateLimited(colon > 0 ? subject.substring(0, colon) : "api");
    return new RateLimitedException(Duration.ofSeconds(Math.max(1, (long) Math.ceil(waitSeconds))));
  }

  /** Tokens taken from every bucket of one check, or none and the seconds to wait. */
  private record Granted(int tokens, double waitSeconds) {}

  /**
   * This node's unspent tokens of one subject's buckets: {@code left} of them until {@code
   * expires}; or a refusal until {@code refusedUntil}. Guarded by {@code lock}.
   */
  private static final class Lease {
    final ReentrantLock lock = new ReentrantLock();
    int left;
    Instant expires = Instant.MIN;
    Instant refusedUntil = Instant.MIN;
    boolean retired;
  }

  private record Bucket(double tokens, boolean allowed) {}

  static String digest(String subject) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
