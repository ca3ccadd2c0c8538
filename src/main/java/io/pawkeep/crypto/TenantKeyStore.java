package io.pawkeep.crypto;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The tenants' shred keys, kept outside the database so that neither a backup nor a WAL archive
 * holds them (CRYPTO-3). Each keyset in {@code tenant_data_keys} is wrapped by the master key and
 * then by its tenant's shred key; destroying the shred key makes every copy of the row useless.
 *
 * <p>Two folders: the live store, and its own copy for disaster recovery, which keeps a destroyed
 * tenant's key for {@code pawkeep.crypto.key-store.retention} [7 days] (so a mistaken deletion can
 * be undone) and then removes it. Both also list the destroyed tenants with the time, for every
 * restore to purge them ({@link ShreddedTenants}). Shred keys are cached for {@code cache-ttl}, so
 * a node reads each tenant's file once per cache lifetime, not once per field.
 */
class TenantKeyStore {

  private record Cached(Aead key, Instant loadedAt) {}

  private static final Logger log = LoggerFactory.getLogger(TenantKeyStore.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_CACHED = 100_000;

  private final KeyFolder live;
  private final KeyFolder recovery;
  private final Clock clock;
  private final Duration retention;
  private final Duration cacheTtl;
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

  TenantKeyStore(
      KeyFolder live, KeyFolder recovery, Clock clock, Duration retention, Duration cacheTtl) {
    this.live = live;
    this.recovery = recovery;
    this.clock = clock;
    this.retention = retention;
    this.cacheTtl = cacheTtl;
  }

  Duration cacheTtl() {
    return cacheTtl;
  }

  /**
   * The tenant's shred key; empty when it was destroyed or never made. {@link
   * IllegalStateException} when its file is damaged: nothing of the tenant opens (fail closed).
   */
  Optional<Aead> shredKey(UUID tenant) {
    Instant now = clock.instant();
    Cached cached = cache.get(tenant);
    if (cached != null && now.isBefore(cached.loadedAt().plus(cacheTtl))) {
      return Optional.of(cached.key());
    }
    Optional<Aead> key =
        live.read(keyName(tenant)).map(content -> ShredKeyFile.parse(tenant, content));
    key.ifPresentOrElse(k -> remember(tenant, k, now), () -> cache.remove(tenant));
    return key;
  }

  /** The tenant's shred key, made now if it has none; refused for a destroyed tenant. */
  synchronized Aead shredKeyCreatingIt(UUID tenant) {
    Optional<Aead> existing = shredKey(tenant);
    if (existing.isPresent()) {
      return existing.get();
    }
    if (isShredded(tenant)) {
      throw new IllegalStateException("the keys of this tenant were destroyed");
    }
    byte[] key = new byte[ShredKeyFile.KEY_BYTES];
    RANDOM.nextBytes(key);
    byte[] content = ShredKeyFile.format(tenant, key);
    // The recovery copy first: a live key that the copy lacks could be lost with its disk.
    recovery.write(keyName(tenant), content);
    if (!live.createIfAbsent(keyName(tenant), content)) {
      recovery.write(keyName(tenant), live.read(keyName(tenant)).orElseThrow());
    }
    return shredKey(tenant).orElseThrow();
  }

  /**
   * Destroys the tenant's shred key: first listed as destroyed in both folders (so a crash midway
   * is finished at the next start), then removed from the live store at once and from the recovery
   * copy after the retention.
   */
  synchronized void destroy(UUID tenant) {
    Instant now = clock.instant();
    byte[] when = now.toString().getBytes(StandardCharsets.US_ASCII);
    // Kept as first written: finishing an interrupted destruction does not move its time.
    recovery.createIfAbsent(shreddedName(tenant), when);
    live.createIfAbsent(shreddedName(tenant), when);
    recovery
        .read(keyName(tenant))
        .ifPresent(
            content ->
                recovery.write("deleted/" + tenant + "@" + now.getEpochSecond() + ".key", content));
    recovery.delete(keyName(tenant));
    live.delete(keyName(tenant));
    cache.remove(tenant);
    log.info("Destroyed the shred key of tenant {}", tenant);
  }

  /** Every destroyed tenant with the time, from both folders (either may have been restored). */
  Map<UUID, Instant> shredded() {
    Map<UUID, Instant> all = new HashMap<>();
    for (KeyFolder folder : new KeyFolder[] {recovery, live}) {
      for (String name : folder.list("shredded")) {
        UUID tenant = UUID.fromString(name);
        Instant when =
            folder
                .read("shredded/" + name)
                .map(b -> Instant.parse(new String(b, StandardCharsets.US_ASCII).trim()))
                .orElse(Instant.EPOCH);
        all.merge(tenant, when, (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return all;
  }

  boolean isShredded(UUID tenant) {
    return live.read(shreddedName(tenant)).isPresent()
        || recovery.read(shreddedName(tenant)).isPresent();
  }

  @SchedulerLock(
      name = "tenant-key-store-retention",
      lockAtMostFor = "PT30M",
      lockAtLeastFor = "PT1M")
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  void scheduledDrop() {
    dropExpiredRecoveryKeys();
  }

  /** Removes from the recovery copy the destroyed keys older than the retention; says how many. */
  int dropExpiredRecoveryKeys() {
    Instant cutoff = clock.instant().minus(retention);
    int dropped = 0;
    for (String name : recovery.list("deleted")) {
      long destroyedAt = Long.parseLong(name.substring(name.indexOf('@') + 1, name.length() - 4));
      if (!Instant.ofEpochSecond(destroyedAt).isAfter(cutoff)) {
        recovery.delete("deleted/" + name);
        dropped++;
      }
    }
    if (dropped > 0) {
      log.info("Removed {} destroyed shred key(s) from the key store's recovery copy", dropped);
    }
    return dropped;
  }

  /**
   * At start: finishes a destruction a crash interrupted, and copies into the recovery copy any
   * live key it lacks.
   */
  void reconcile() {
    for (UUID tenant : shredded().keySet()) {
      if (live.read(keyName(tenant)).isPresent() || recovery.read(keyName(tenant)).isPresent()) {
        destroy(tenant);
      }
    }
    for (String name : live.list("keys")) {
      if (recovery.read("keys/" + name).isEmpty()) {
        live.read("keys/" + name).ifPresent(content -> recovery.write("keys/" + name, content));
      }
    }
  }

  private void remember(UUID tenant, Aead key, Instant now) {
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(tenant, new Cached(key, now));
  }

  private static String keyName(UUID tenant) {
    return "keys/" + tenant + ".key";
  }

  private static String shreddedName(UUID tenant) {
    return "shredded/" + tenant;
  }
}
