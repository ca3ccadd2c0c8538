package io.pawkeep.households;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for encrypted access secrets and their reveal log. */
@Repository
class AccessSecretRepository {

  /** One reveal: who, when, which fields and why. */
  record Reveal(UUID id, UUID revealedBy, Instant revealedAt, List<String> fields, String reason) {}

  static final Map<String, String> COLUMNS =
      Map.of(
          "alarmCode", "alarm_code",
          "lockboxCode", "lockbox_code",
          "keyLocation", "key_location",
          "wifiName", "wifi_name",
          "wifiPassword", "wifi_password",
          "accessNotes", "access_notes");

  private final JdbcClient jdbc;

  AccessSecretRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void upsert(UUID householdId, Map<String, byte[]> sealed, UUID by, Instant now) {
    jdbc.sql(
            """
            insert into access_secrets (household_id, alarm_code, lockbox_code, key_location,
                                        wifi_name, wifi_password, access_notes, updated_at,
                                        updated_by)
            values (:id, :alarmCode, :lockboxCode, :keyLocation, :wifiName, :wifiPassword,
                    :accessNotes, :now, :by)
            on conflict (household_id) do update set
              alarm_code = excluded.alarm_code, lockbox_code = excluded.lockbox_code,
              key_location = excluded.key_location, wifi_name = excluded.wifi_name,
              wifi_password = excluded.wifi_password, access_notes = excluded.access_notes,
              updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """)
        .param("id", householdId)
        .param("alarmCode", sealed.get("alarmCode"))
        .param("lockboxCode", sealed.get("lockboxCode"))
        .param("keyLocation", sealed.get("keyLocation"))
        .param("wifiName", sealed.get("wifiName"))
        .param("wifiPassword", sealed.get("wifiPassword"))
        .param("accessNotes", sealed.get("accessNotes"))
        .param("now", Instants.timestamp(now))
        .param("by", by)
        .update();
  }

  /** Those of the households whose secrets the caller may read, in one query. */
  List<UUID> readable(List<UUID> householdIds) {
    return jdbc.sql("select household_id from access_secrets where household_id = any (:ids)")
        .param("ids", householdIds.toArray(UUID[]::new))
        .query(UUID.class)
        .list();
  }

  Optional<Map<String, byte[]>> find(UUID householdId) {
    return jdbc.sql("select * from access_secrets where household_id = :householdId")
        .param("householdId", householdId)
        .query(
            (rs, n) -> {
              Map<String, byte[]> sealed = new LinkedHashMap<>();
              for (String field : AccessSecrets.FIELDS) {
                sealed.put(field, rs.getBytes(COLUMNS.get(field)));
              }
              return sealed;
            })
        .optional();
  }

  void recordReveal(
      UUID id, UUID householdId, UUID by, Instant at, List<String> fields, String reason) {
    jdbc.sql(
            """
            insert into access_secret_reveals (id, household_id, revealed_by, revealed_at,
                                               fields, reason)
            values (:id, :householdId, :by, :at, :fields, :reason)
            """)
        .param("id", id)
        .param("householdId", householdId)
        .param("by", by)
        .param("at", Instants.timestamp(at))
        .param("fields", fields.toArray(String[]::new))
        .param("reason", reason)
        .update();
  }

  /** The newest 500 reveals, for the household's export. */
  List<Reveal> reveals(UUID householdId) {
    return jdbc.sql(
            """
            select id, revealed_by, revealed_at, fields, reason from access_secret_reveals
             where household_id = :householdId order by revealed_at desc, id desc limit 500
            """)
        .param("householdId", householdId)
        .query(AccessSecretRepository::reveal)
        .list();
  }

  /** One page of the reveal log, newest first, one row beyond the page (HARD-8). */
  List<Reveal> reveals(UUID householdId, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("revealed_at"), SortKey.uuid("id")));
    return jdbc.sql(
            "select id, revealed_by, revealed_at, fields, reason from access_secret_reveals"
                + " where household_id = :householdId"
                + after.and()
                + " order by revealed_at desc, id desc limit :fetch")
        .param("householdId", householdId)
        .params(after.params())
        .query(AccessSecretRepository::reveal)
        .list();
  }

  private static Reveal reveal(ResultSet rs, int n) throws SQLException {
    return new Reveal(
        rs.getObject("id", UUID.class),
        rs.getObject("revealed_by", UUID.class),
        Instants.from(rs, "revealed_at"),
        Arrays.asList((String[]) rs.getArray("fields").getArray()),
        rs.getString("reason"));
  }
}
