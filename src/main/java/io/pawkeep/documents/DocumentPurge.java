package io.pawkeep.documents;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Empties the bins (FILE-2, lifecycle): a document binned more than {@code pawkeep.documents.bin-
 * days} ago is removed with its stored bytes and thumbnail, and so is a document whose pet,
 * household, booking or business was deleted (its bytes were already unreadable once a deleted
 * household's keys were shredded; now they are gone too). The purge must see every tenant, so it
 * runs as the schema owner ({@link OwnerDatabase}), like key rotation. The bytes go first, then the
 * row: a failure in between leaves a row whose bytes are gone, which the next run removes, never
 * bytes that nothing names.
 */
@Component
class DocumentPurge {

  private record Due(UUID id, UUID tenantId, String place, UUID thumbnailId) {}

  private static final Logger log = LoggerFactory.getLogger(DocumentPurge.class);

  private static final int BATCH = 500;

  private final JdbcClient owner;
  private final ObjectStore store;
  private final DocumentProperties properties;
  private final Clock clock;
  private final AuditTrail trail;

  DocumentPurge(
      OwnerDatabase owner,
      ObjectStore store,
      DocumentProperties properties,
      Clock clock,
      AuditTrail trail) {
    this.owner = owner.jdbc();
    this.trail = trail;
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /** Removes what is due; returns how many documents were purged. */
  int run() {
    int purged = 0;
    int failures = 0;
    List<Due> due;
    do {
      due = due();
      int before = purged;
      for (Due document : due) {
        try {
          remove(document.id());
          if (document.thumbnailId() != null) {
            remove(document.thumbnailId());
          }
          owner.sql("delete from documents where id = :id").param("id", document.id()).update();
          purged++;
          // Recorded without an actor: the application's own maintenance, not a person.
          trail.record(
              new AuditEvent(
                  document.tenantId(),
                  null,
                  "document.purged",
                  "document",
                  document.id().toString(),
                  null,
                  Map.of("place", document.place())));
        } catch (IOException | RuntimeException e) {
          failures++;
          log.error("Document {} could not be purged; the next run tries again", document.id());
        }
      }
      if (purged == before) {
        break;
      }
    } while (due.size() == BATCH);
    if (purged > 0 || failures > 0) {
      log.info("Purged {} documents from the bins ({} failures)", purged, failures);
    }
    return purged;
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "document-purge", lockAtMostFor = "PT1H", lockAtLeastFor = "PT5M")
  @Scheduled(
      fixedDelayString = "${pawkeep.documents.purge-interval:PT1H}",
      initialDelayString = "${pawkeep.documents.purge-interval:PT1H}")
  void scheduledRun() {
    run();
  }

  private List<Due> due() {
    return owner
        .sql(
            """
            select id, tenant_id, place, thumbnail_id from documents
             where deleted_at <= :binnedBefore
                or (place in ('pet_photo', 'pet') and pet_id is null)
                or (place in ('household', 'visit') and household_id is null)
                or (place = 'visit' and booking_id is null)
                or (place = 'business' and business_id is null)
             order by id limit :batch
            """)
        .param("binnedBefore", Instants.timestamp(clock.instant().minus(properties.bin())))
        .param("batch", BATCH)
        .query(
            (rs, n) ->
                new Due(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    rs.getObject(4, UUID.class)))
        .list();
  }

  private void remove(UUID object) throws IOException {
    store.delete(object.toString());
  }
}
