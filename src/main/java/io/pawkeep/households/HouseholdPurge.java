package io.pawkeep.households;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.database.OwnerDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the households whose undo window has passed (PRIV-2, CRYPTO-3): first their data keys are
 * shredded ({@link FieldCipher#shred}), so whatever was encrypted for them, in this database, its
 * backups and its stored files, can never be read again; then, as the schema owner, their rows go.
 * What others must keep stays, without the household's name: an issued invoice is the business's
 * record (amounts, dates, numbers, ids), detached from the household and billed to "Erased
 * household"; the clinic's controlled-substance records (prescriptions, administrations, balances)
 * belong to the clinic and hold ids only. Documents lose their household and are removed with their
 * bytes by the documents' purge. The audit trail keeps its events (ids, no names). Keys first: a
 * failure in between leaves rows nobody can read, which the next run deletes.
 */
@Component
public class HouseholdPurge {

  private static final Logger log = LoggerFactory.getLogger(HouseholdPurge.class);
  private static final int BATCH = 100;

  private final JdbcClient owner;
  private final TransactionTemplate ownerTransaction;
  private final FieldCipher cipher;
  private final AuditTrail trail;

  HouseholdPurge(OwnerDatabase owner, FieldCipher cipher, AuditTrail trail) {
    this.owner = owner.jdbc();
    this.ownerTransaction = owner.transaction();
    this.cipher = cipher;
    this.trail = trail;
  }

  /** Erases every household past its undo window; returns how many. */
  public int run() {
    int erased = 0;
    for (UUID household : due()) {
      try {
        // As the schema owner: nobody owns the household any more, and the shred key in the key
        // store must go with the keyset row (CRYPTO-3), not only the row.
        cipher.through(owner).shred(household);
        Boolean gone = ownerTransaction.execute(tx -> erase(household));
        if (Boolean.TRUE.equals(gone)) {
          erased++;
          // Without an actor: the application's own maintenance, not a person.
          trail.record(
              new AuditEvent(
                  household,
                  null,
                  "household.erased",
                  "household",
                  household.toString(),
                  null,
                  Map.of()));
        }
      } catch (RuntimeException e) {
        log.error("Household {} could not be erased; the next run tries again", household, e);
      }
    }
    if (erased > 0) {
      log.info("Erased {} deleted households past their undo window", erased);
    }
    return erased;
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "household-purge", lockAtMostFor = "PT1H", lockAtLeastFor = "PT5M")
  @Scheduled(
      fixedDelayString = "${pawkeep.privacy.purge-interval:PT1H}",
      initialDelayString = "${pawkeep.privacy.purge-interval:PT1H}")
  void scheduledRun() {
    run();
  }

  private List<UUID> due() {
    return owner
        .sql(
            "select id from households where deleted_at is not null and purge_after <= now()"
                + " order by purge_after, id limit :batch")
        .param("batch", BATCH)
        .query(UUID.class)
        .list();
  }

  private boolean erase(UUID household) {
    // Invoices kept pseudonymised, drafts and the household gone: R__99_erasure.sql.
    return Boolean.TRUE.equals(
        owner
            .sql("select pawkeep_erase_household(:id)")
            .param("id", household)
            .query(Boolean.class)
            .single());
  }
}
