package io.pawkeep.clinical;

import io.pawkeep.crypto.FieldCipher;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for clinic-written entries and addenda; row-level security backs every check. */
@Repository
class ClinicalRepository {

  /** What the checks need of an entry. */
  record EntryRow(
      UUID id, UUID petId, UUID householdId, UUID businessId, UUID signedBy, Instant locksAt) {}

  record NewEntry(
      UUID id,
      UUID petId,
      UUID householdId,
      UUID businessId,
      String kind,
      String summary,
      String value,
      String notes,
      UUID author,
      Instant signedAt) {}

  private final JdbcClient jdbc;
  private final FieldCipher cipher;

  ClinicalRepository(JdbcClient jdbc, FieldCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  /** Whether the caller may act for the clinic on the household with the permission, now. */
  boolean clinicMay(UUID business, UUID household, String permission) {
    return jdbc.sql("select pawkeep_clinic_may(?, ?, ?)")
        .params(business, household, permission)
        .query(Boolean.class)
        .single();
  }

  Optional<EntryRow> entry(UUID id) {
    return jdbc.sql(
            """
            select id, pet_id, household_id, business_id, signed_by, locks_at
              from pet_clinical_entries where id = ?
            """)
        .param(id)
        .query(
            (rs, n) -> {
              Timestamp locksAt = rs.getTimestamp("locks_at");
              return new EntryRow(
                  rs.getObject("id", UUID.class),
                  rs.getObject("pet_id", UUID.class),
                  rs.getObject("household_id", UUID.class),
                  rs.getObject("business_id", UUID.class),
                  rs.getObject("signed_by", UUID.class),
                  locksAt == null ? Instant.MIN : locksAt.toInstant());
            })
        .optional();
  }

  /** The database sets the lock time (DOM-8): the request's time plus the configured lock. */
  void insert(NewEntry e) {
    jdbc.sql(
            """
            insert into pet_clinical_entries (id, pet_id, household_id, kind, summary, value,
                                              notes, recorded_at, recorded_by, business_id,
                                              signed_at, signed_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            e.id(),
            e.petId(),
            e.householdId(),
            e.kind(),
            e.summary(),
            e.value(),
            cipher.encryptText(e.householdId(), "pet_clinical_entries", "notes", e.id(), e.notes()),
            Timestamp.from(e.signedAt()),
            e.author(),
            e.businessId(),
            Timestamp.from(e.signedAt()),
            e.author())
        .update();
  }

  /** The author's amendment before the lock; the database refuses it after (trigger). */
  boolean amend(
      EntryRow entry, String kind, String summary, String value, String notes, Instant at) {
    return jdbc.sql(
                """
                update pet_clinical_entries
                   set kind = coalesce(cast(? as text), kind),
                       summary = coalesce(cast(? as text), summary),
                       value = case when cast(? as boolean) then cast(? as text) else value end,
                       notes = case when cast(? as boolean) then cast(? as bytea) else notes end,
                       amended_at = ?
                 where id = ? and household_id = ?
                """)
            .params(
                kind,
                summary,
                value != null,
                value == null || value.isEmpty() ? null : value,
                notes != null,
                notes == null || notes.isEmpty()
                    ? null
                    : cipher.encryptText(
                        entry.householdId(), "pet_clinical_entries", "notes", entry.id(), notes),
                Timestamp.from(at),
                entry.id(),
                entry.householdId())
            .update()
        == 1;
  }

  void insertAddendum(
      UUID id, EntryRow entry, String summary, String notes, UUID author, Instant at) {
    jdbc.sql(
            """
            insert into pet_clinical_addenda (id, entry_id, household_id, business_id, summary,
                                              notes, signed_at, signed_by)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            id,
            entry.id(),
            entry.householdId(),
            entry.businessId(),
            summary,
            cipher.encryptText(entry.householdId(), "pet_clinical_addenda", "notes", id, notes),
            Timestamp.from(at),
            author)
        .update();
  }
}
