package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Scheduled jobs run on one node at a time (AVAIL-4): the lock row in {@code shedlock} decides, so
 * a node finding another's lock skips its run, and a node that just ran holds the lock for the
 * job's minimum, so a second node waking at the same moment skips too. Proven on the idempotency
 * key purge; the other jobs carry the same annotation.
 */
class ScheduledJobLockTests extends InvoiceTestSupport {

  private static final String JOB = "idempotency-key-purge";

  @Autowired IdempotencyKeyPurge purge;
  @Autowired LockProvider locks;

  // Also before: in a long test run the real schedule may have run the job and still hold its
  // lock for lockAtLeastFor. The lock is freed by expiring its row, never by deleting it: the lock
  // provider remembers the rows it created and from then on only updates them, so once it has
  // locked the job (as the real schedule does 5 minutes after the application starts) a deleted
  // row can never be locked again through it. The first lock call makes sure the provider knows
  // the row, so the test does not depend on whether the schedule ran yet.
  @BeforeEach
  @AfterEach
  void freeTheJob() {
    lockFor(Duration.ofSeconds(1)).ifPresent(SimpleLock::unlock);
    schemaOwner
        .jdbc()
        .sql("update shedlock set lock_until = '-infinity' where name = ?")
        .param(JOB)
        .update();
  }

  @Test
  void aJobLockedByAnotherNodeDoesNotRunHereAndRunsOnceItIsFree() {
    // Another node holds the job's lock (the same table, its own lock call), taken at once after
    // the lock was freed: in a long run, the schedule of any application the test run keeps (they
    // share one database) may take the free lock while this test sets up its world.
    Optional<SimpleLock> otherNode = lockFor(Duration.ofMinutes(5));
    assertThat(otherNode).isPresent();
    World w = world();
    String key = "lock-" + w.business();
    keyedDraft(w, key);
    ageKey(key);
    purge.scheduledRun();
    assertThat(keyExists(key)).as("the job ran although another node held its lock").isTrue();

    otherNode.get().unlock();
    purge.scheduledRun();
    assertThat(keyExists(key)).isFalse();
    // Just after this node's run the lock is still held (lockAtLeastFor): a second node skips.
    assertThat(lockFor(Duration.ofMinutes(5))).isEmpty();
  }

  @Test
  void theApplicationRoleCannotTouchTheJobsLocks() {
    User someone = signedInUser("lock-reader");
    assertThatThrownBy(
            () ->
                asCaller(
                    someone,
                    db -> db.sql("select count(*) from shedlock").query(Long.class).single()))
        .rootCause()
        .hasMessageContaining("permission denied");
    assertThatThrownBy(
            () ->
                asCaller(
                    someone,
                    db ->
                        db.sql(
                                "insert into shedlock values ('audit-checkpoints',"
                                    + " 'infinity', now(), 'me')")
                            .update()))
        .rootCause()
        .hasMessageContaining("permission denied");
  }

  private Optional<SimpleLock> lockFor(Duration atMost) {
    return locks.lock(new LockConfiguration(Instant.now(), JOB, atMost, Duration.ZERO));
  }

  private void ageKey(String key) {
    schemaOwner
        .jdbc()
        .sql(
            "update idempotency_keys set created_at = created_at - interval '25 hours'"
                + " where key = ?")
        .param(key)
        .update();
  }

  private boolean keyExists(String key) {
    return schemaOwner
            .jdbc()
            .sql("select count(*) from idempotency_keys where key = ?")
            .param(key)
            .query(Long.class)
            .single()
        > 0;
  }

  private void keyedDraft(World w, String key) {
    var r =
        api.send(
            "POST",
            "/api/v1/businesses/" + w.business() + "/invoices",
            extraLineBody(w.household(), "Bath", 100),
            w.manager().accessToken(),
            Map.of("Idempotency-Key", key));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
  }
}
