package io.pawkeep.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The access-token signing keys of this node, kept in step with the ones every node shares (SESS-1,
 * AVAIL-4). The keys live in the {@link SigningKeyStore} (the database, wrapped by the master key);
 * this node holds a snapshot, which it reloads:
 *
 * <ul>
 *   <li>every {@code pawkeep.jwt.key-refresh-interval} [30 s] on the application clock, checked
 *       every second: so a key rotated on another node signs here too within that interval plus a
 *       second (and one reload's time);
 *   <li>when a token names a key id the snapshot does not hold (another node has just rotated), at
 *       most once per {@code pawkeep.jwt.unknown-key-reload-interval} [1 s] whatever the tokens
 *       say, so forged key ids cannot make every request read the database;
 *   <li>at once on this node after it rotated.
 * </ul>
 *
 * A retired key verifies only until its own time ({@link JwtProperties#retiredKeyLifetime()} after
 * its retirement), judged on every token, not at the next reload. Rotation: {@link #rotate()} (the
 * {@code --pawkeep.crypto.rotate=signing-key} command), and a scheduled one, on one node at a time,
 * when the signing key is older than {@code pawkeep.jwt.key-max-age} [30 days].
 */
public class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final SigningKeyStore store;
  private final JwtProperties properties;
  private final Clock clock;
  private final ReentrantLock reloading = new ReentrantLock();
  private final AtomicReference<Instant> lastUnknownKeyReload =
      new AtomicReference<>(Instant.EPOCH);
  private final AtomicInteger unknownKeyReloads = new AtomicInteger();
  private volatile SigningKeyRing ring;
  private volatile Instant loadedAt;

  /**
   * Imports {@code configured} into the store if it holds no key yet (first start), then loads the
   * shared keys; a node whose signing key does not open refuses to start.
   */
  SigningKeys(
      SigningKeyStore store, JwtProperties properties, Clock clock, SigningKeyRing configured) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
    boolean imported =
        store.importIfEmpty(
            configured.activeKeyId(), configured.all(), properties.retiredKeyLifetime());
    this.loadedAt = clock.instant();
    this.ring = SigningKeyRing.of(store.load());
    if (imported) {
      log.info(
          "Stored the signing keys {} in the database, {} signing",
          configured.all().keySet(),
          configured.activeKeyId());
    } else if (!properties.keys().isEmpty() && !properties.keys().containsKey(ring.activeKeyId())) {
      log.warn(
          "pawkeep.jwt.keys is read on first start only: the database's signing key {} signs;"
              + " rotate with --pawkeep.crypto.rotate=signing-key",
          ring.activeKeyId());
    }
  }

  /** The keys now: which one signs, and which verify until when. */
  SigningKeyRing current() {
    return ring;
  }

  /**
   * The key verifying tokens that name {@code keyId}, now. An id this node does not know makes it
   * reload the shared keys once, unless it did within the reload interval; then it waits for a
   * reload under way, if any, and answers from what it holds.
   */
  Optional<byte[]> verificationKey(String keyId) {
    Instant now = clock.instant();
    SigningKeyRing held = ring;
    Optional<byte[]> key = held.verificationKey(keyId, now);
    if (key.isPresent() || keyId == null || held.knows(keyId)) {
      return key;
    }
    Instant last = lastUnknownKeyReload.get();
    if (!now.isBefore(last.plus(properties.unknownKeyReloadInterval()))
        && lastUnknownKeyReload.compareAndSet(last, now)) {
      unknownKeyReloads.incrementAndGet();
      reloadKeepingTheKeysOnFailure();
    } else {
      reloading.lock();
      reloading.unlock();
    }
    return ring.verificationKey(keyId, now);
  }

  /** How many reloads tokens with unknown key ids caused (for the tests of the rate). */
  int unknownKeyReloads() {
    return unknownKeyReloads.get();
  }

  /** Reloads the shared keys now. */
  public void reload() {
    reloading.lock();
    try {
      Instant now = clock.instant();
      ring = SigningKeyRing.of(store.load());
      loadedAt = now;
    } finally {
      reloading.unlock();
    }
  }

  /**
   * Every second, reloads the shared keys if the last load is {@code key-refresh-interval} old on
   * the application clock (so a node signs with a key rotated elsewhere within that interval and
   * one second); a failed reload is tried again the next second.
   */
  @Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
  void refreshWhenDue() {
    if (!clock.instant().isBefore(loadedAt.plus(properties.keyRefreshInterval()))) {
      reloadKeepingTheKeysOnFailure();
    }
  }

  /**
   * Makes a new key the signing one for every node; the one it replaces keeps verifying for {@link
   * JwtProperties#retiredKeyLifetime()}. Answers the new key's id (never the key).
   */
  public String rotate() {
    String id = store.rotate(properties.retiredKeyLifetime());
    reload();
    log.info("Rotated the access-token signing key: {} signs now", id);
    return id;
  }

  /** When the retired keys stop verifying, at the latest, after a rotation now. */
  public Instant retiredKeysVerifyUntil() {
    return clock.instant().plus(properties.retiredKeyLifetime());
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "signing-key-rotation", lockAtMostFor = "PT10M", lockAtLeastFor = "PT1M")
  @Scheduled(
      fixedDelayString = "${pawkeep.jwt.rotation-check-interval:PT1H}",
      initialDelayString = "${pawkeep.jwt.rotation-check-interval:PT1H}")
  void scheduledRotation() {
    rotateIfDue();
  }

  /**
   * Deletes the retired keys past their time, and rotates when the signing key is older than {@code
   * pawkeep.jwt.key-max-age}; answers whether it rotated.
   */
  boolean rotateIfDue() {
    int deleted = store.deleteExpired();
    if (deleted > 0) {
      log.info("Deleted {} retired signing key(s)", deleted);
    }
    if (properties.keyMaxAge().isZero()) {
      return false;
    }
    Optional<Instant> since = store.activeSince();
    if (since.isPresent() && !clock.instant().isBefore(since.get().plus(properties.keyMaxAge()))) {
      rotate();
      return true;
    }
    return false;
  }

  // A failed reload (the database away, a key that no longer opens) keeps the keys this node
  // already proved; it never widens them. The message names no key.
  private void reloadKeepingTheKeysOnFailure() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.error(
          "The shared signing keys could not be reloaded ({}); this node keeps the ones it holds",
          e.getClass().getSimpleName());
    }
  }
}
