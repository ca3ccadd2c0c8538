package io.pawkeep.clinical;

import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.web.Instants;
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
    return jdbc.sql("select pawkeep_clinic_may(:business, :household, :permission)")
        .param("business", business)
        .param("household", household)
        .param("permission", permission)
        .query(Boolean.class)
        .single();
  }

  Optional<EntryRow> entry(UUID id) {
    return jdbc.sql(
            """
            select id, pet_id, household_id, business_id, signed_by, locks_at
              from pet_clinical_entries where id = :id
            """)
        .param("id", id)
        .query(
            (rs, n) -> {
              Instant locksAt = Instants.from(rs, "locks_at");
              return new EntryRow(
                  rs.getObject("id", UUID.class),
                  rs.getObject("pet_id", UUID.class),
                  rs.getObject("household_id", UUID.class),
                  rs.getObject("business_id", UUID.class),
                  rs.getObject("signed_by", UUID.class),
                  locksAt == null ? Instant.MIN : locksAt);
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
            values (:id, :petId, :householdId, :kind, :summary, :value, :notes, :signedAt,
                :author, :businessId, :signedAt, :author)
            """)
        .param("id", e.id())
        .param("petId", e.petId())
        .param("householdId", e.householdId())
        .param("kind", e.kind())
        .param("summary", e.summary())
        .param("value", e.value())
        .param(
            "notes",
            cipher.encryptText(e.householdId(), "pet_clinical_entries", "notes", e.id(), e.notes()))
        .param("signedAt", Instants.timestamp(e.signedAt()))
        .param("author", e.author())
        .param("businessId", e.businessId())
        .update();
  }

  /** The author's amendment before the lock; the database refuses it after (trigger). */
  boolean amend(
      EntryRow entry, String kind, String summary, String value, String notes, Instant at) {
    return jdbc.sql(
                """
                update pet_clinical_entries
                   set kind = coalesce(cast(:kind as text), kind),
                       summary = coalesce(cast(:summary as text), summary),
                       value = case when cast(:setValue as boolean) then cast(:value as text)
                                    else value end,
                       notes = case when cast(:setNotes as boolean) then cast(:notes as bytea)
                                    else notes end,
                       amended_at = :at
                 where id = :id and household_id = :householdId
                """)
            .param("kind", kind)
            .param("summary", summary)
            .param("setValue", value != null)
            .param("value", value == null || value.isEmpty() ? null : value)
            .param("setNotes", notes != null)
            .param(
                "notes",
                notes == null || notes.isEmpty()
                    ? null
                    : cipher.encryptText(
                        entry.householdId(), "pet_clinical_entries", "notes", entry.id(), notes))
            .param("at", Instants.timestamp(at))
            .param("id", entry.id())
            .param("householdId", entry.householdId())
            .update()
        == 1;
  }

  void insertAddendum(
      UUID id, EntryRow entry, String summary, String notes, UUID author, Instant at) {
    jdbc.sql(
            """
            insert into pet_clinical_addenda (id, entry_id, household_id, business_id, summary,
                                              notes, signed_at, signed_by)
            values (:id, :entryId, :householdId, :businessId, :summary, :notes, :at, :author)
            """)
        .param("id", id)
        .param("entryId", entry.id())
        .param("householdId", entry.householdId())
        .param("businessId", entry.businessId())
        .param("summary", summary)
        .param(
            "notes",
            cipher.encryptText(entry.householdId(), "pet_clinical_addenda", "notes", id, notes))
        .param("at", Instants.timestamp(at))
        .param("author", author)
        .update();
  }
}
