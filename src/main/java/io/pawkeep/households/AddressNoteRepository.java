package io.pawkeep.households;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for households' address notes; row-level security limits every statement to the caller. */
@Repository
class AddressNoteRepository {

  /** A sealed note of one household. */
  record Sealed(UUID householdId, byte[] note) {}

  private final JdbcClient jdbc;

  AddressNoteRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<byte[]> find(UUID householdId) {
    return jdbc.sql("select note from household_address_notes where household_id = :householdId")
        .param("householdId", householdId)
        .query(byte[].class)
        .optional();
  }

  /** The sealed notes of those of the households the caller may read, in one query. */
  Map<UUID, byte[]> findAll(List<UUID> householdIds) {
    Map<UUID, byte[]> notes = new HashMap<>();
    jdbc.sql(
            "select household_id, note from household_address_notes"
                + " where household_id = any (:householdIds)")
        .param("householdIds", householdIds.toArray(UUID[]::new))
        .query(
            (ResultSet rs) -> {
              notes.put(rs.getObject(1, UUID.class), rs.getBytes(2));
            });
    return notes;
  }

  void put(UUID householdId, byte[] note, UUID by, Instant now) {
    jdbc.sql(
            """
            insert into household_address_notes (household_id, note, updated_at, updated_by)
            values (:householdId, :note, :now, :by)
            on conflict (household_id) do update
               set note = excluded.note, updated_at = excluded.updated_at,
                   updated_by = excluded.updated_by
            """)
        .param("householdId", householdId)
        .param("note", note)
        .param("now", java.sql.Timestamp.from(now))
        .param("by", by)
        .update();
  }

  void delete(UUID householdId) {
    jdbc.sql("delete from household_address_notes where household_id = :householdId")
        .param("householdId", householdId)
        .update();
  }
}
