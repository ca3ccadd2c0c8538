package io.pawkeep.clinical;

import io.pawkeep.clinical.ClinicalEntry.ClinicalAddendum;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;

/**
 * SQL that reads pets' clinical records, entries with their addenda, as row-level security lets the
 * caller see them: the clinic's staff with medical.read, and the household's members.
 */
@Repository
class ClinicalRecordRepository {

  private static final String ALL = " order by recorded_at desc, id limit 10000";

  private final JdbcClient jdbc;
  private final FieldCipher cipher;

  ClinicalRecordRepository(JdbcClient jdbc, FieldCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  List<ClinicalEntry> entriesOfPet(UUID petId) {
    return entries("pet_id = :petId", ALL, s -> s.param("petId", petId))
        .getOrDefault(petId, List.of());
  }

  /**
   * One page of the pet's clinical record, newest first (HARD-8), one row beyond the page: the
   * entries in one query, the addenda of those entries in a second.
   */
  List<ClinicalEntry> entriesOfPet(UUID petId, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("recorded_at"), SortKey.uuid("id")));
    return entries(
            "pet_id = :petId" + after.and(),
            " order by recorded_at desc, id desc limit :fetch",
            s -> s.param("petId", petId).params(after.params()))
        .getOrDefault(petId, List.of());
  }

  /** Clinical records of every pet of the household, by pet id, newest first. */
  Map<UUID, List<ClinicalEntry>> entriesOfHousehold(UUID householdId) {
    return entries("household_id = :householdId", ALL, s -> s.param("householdId", householdId));
  }

  /**
   * The names of the clinics that wrote the pet's record, by business id, for the household's
   * members (the function answers nothing to anyone else).
   */
  Map<UUID, String> clinicsOfPet(UUID petId) {
    Map<UUID, String> names = new HashMap<>();
    jdbc.sql("select business_id, name from pawkeep_pet_record_clinics(:petId)")
        .param("petId", petId)
        .query(
            rs -> {
              names.put(rs.getObject("business_id", UUID.class), rs.getString("name"));
            });
    return names;
  }

  /** Whether a clinic wrote any entry of the pet: such a pet is kept (see V22__clinical.sql). */
  boolean hasClinicEntries(UUID petId) {
    return jdbc.sql(
            "select exists (select 1 from pet_clinical_entries"
                + " where pet_id = :petId and business_id is not null)")
        .param("petId", petId)
        .query(Boolean.class)
        .single();
  }

  /** Entries matching {@code where} in {@code order}, with their addenda (two queries). */
  private Map<UUID, List<ClinicalEntry>> entries(
      String where, String order, UnaryOperator<StatementSpec> bind) {
    Map<UUID, List<ClinicalAddendum>> addenda = addenda(where + order, bind);
    Map<UUID, List<ClinicalEntry>> entries = new HashMap<>();
    bind.apply(
            jdbc.sql(
                """
                select id, pet_id, household_id, kind, summary, value, notes, recorded_at,
                       recorded_by, business_id, signed_at, signed_by, locks_at, amended_at
                  from pet_clinical_entries where
                """
                    + where
                    + order))
        .query(
            rs -> {
              UUID id = rs.getObject("id", UUID.class);
              entries
                  .computeIfAbsent(rs.getObject("pet_id", UUID.class), k -> new ArrayList<>())
                  .add(
                      new ClinicalEntry(
                          id,
                          rs.getString("kind"),
                          rs.getString("summary"),
                          rs.getString("value"),
                          cipher.decryptText(
                              rs.getObject("household_id", UUID.class),
                              "pet_clinical_entries",
                              "notes",
                              id,
                              rs.getBytes("notes")),
                          Instants.from(rs, "recorded_at"),
                          rs.getObject("recorded_by", UUID.class),
                          rs.getObject("business_id", UUID.class),
                          Instants.from(rs, "signed_at"),
                          rs.getObject("signed_by", UUID.class),
                          Instants.from(rs, "locks_at"),
                          Instants.from(rs, "amended_at"),
                          addenda.getOrDefault(id, List.of())));
            });
    return entries;
  }

  /** Addenda by entry, oldest first, for the entries the same condition selects. */
  private Map<UUID, List<ClinicalAddendum>> addenda(
      String where, UnaryOperator<StatementSpec> bind) {
    Map<UUID, List<ClinicalAddendum>> addenda = new HashMap<>();
    bind.apply(
            jdbc.sql(
                """
                select a.id, a.entry_id, a.household_id, a.summary, a.notes, a.signed_at,
                       a.signed_by, a.business_id
                  from pet_clinical_addenda a
                 where a.entry_id in (select id from pet_clinical_entries where
                """
                    + where
                    + ") order by a.signed_at, a.id limit 10000"))
        .query(
            rs -> {
              UUID id = rs.getObject("id", UUID.class);
              addenda
                  .computeIfAbsent(rs.getObject("entry_id", UUID.class), k -> new ArrayList<>())
                  .add(
                      new ClinicalAddendum(
                          id,
                          rs.getString("summary"),
                          cipher.decryptText(
                              rs.getObject("household_id", UUID.class),
                              "pet_clinical_addenda",
                              "notes",
                              id,
                              rs.getBytes("notes")),
                          Instants.from(rs, "signed_at"),
                          rs.getObject("signed_by", UUID.class),
                          rs.getObject("business_id", UUID.class)));
            });
    return addenda;
  }
}
