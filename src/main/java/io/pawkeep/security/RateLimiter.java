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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Token buckets kept in PostgreSQL, so every node enforces one shared limit. One atomic upsert per
 * check refills the bucket for the time elapsed and takes a token if one is there; a refused
 * attempt takes nothing, so waiting always ends the limit.
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

  private final HikariDataSource pool;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final SecurityMetrics metrics;

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
   * none, in one round trip; or throws {@link RateLimitedException} with the time until every
   * bucket holds a token again.
   */
  void takeAll(String subject, Map<String, RateLimit> limits) {
    Objects.requireNonNull(subject, "subject cannot be null");
    Objects.requireNonNull(limits, "limits cannot be null");
    String digest = digest(subject);
    List<Map.Entry<String, RateLimit>> entries = List.copyOf(limits.entrySet());
    String[] keys = new String[entries.size()];
    double[] capacities = new double[entries.size()];
    double[] rates = new double[entries.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = entries.get(i).getKey() + ":" + digest;
      capacities[i] = entries.get(i).getValue().capacity();
      rates[i] = entries.get(i).getValue().perSecond();
    }
    double waitSeconds =
        jdbc.sql(
                "select pawkeep_take_tokens(:keys::text[], :capacities::float8[],"
                    + " :rates::float8[], :now)")
            .param("keys", keys)
            .param("capacities", capacities)
            .param("rates", rates)
            .param("now", Instants.timestamp(clock.instant()))
            .query(Double.class)
            .single();
    if (waitSeconds > 0) {
      // Tagged by the kind of subject (api-key, api-user), never the subject itself.
      int colon = subject.indexOf(':');
      metrics.rateLimited(colon > 0 ? subject.substring(0, colon) : "api");
      throw new RateLimitedException(
          Duration.ofSeconds(Math.max(1, (long) Math.ceil(waitSeconds))));
    }
  }

  private record Bucket(double tokens, boolean allowed) {}

  private static String digest(String subject) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
