package io.pawkeep.watch;

import io.pawkeep.web.Cursor;
import io.pawkeep.web.Instants;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerts table as the application role sees it: row-level security shows and lets close the
 * alerts to platform operators only; anyone else finds none. Opened only through {@code
 * pawkeep_watch_raise}, which keeps one open alert per rule and subject.
 */
@Repository
class AlertRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String COLUMNS =
      "id, rule, subject, opened_at, detail::text as detail, closed_at, closed_by";

  private final JdbcClient jdbc;

  AlertRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Opens an alert unless one is open for the rule and subject; the new id, or empty. */
  Optional<UUID> raise(Rule rule, String subject, Instant at, Map<String, Object> detail) {
    return jdbc.sql("select pawkeep_watch_raise(:rule, :subject, :at, cast(:detail as jsonb))")
        .param("rule", rule.id())
        .param("subject", subject)
        .param("at", Instants.timestamp(at))
        .param("detail", JSON.writeValueAsString(detail))
        .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
        .single();
  }

  boolean isOperator() {
    return Boolean.TRUE.equals(
        jdbc.sql("select pawkeep_is_platform_admin()").query(Boolean.class).single());
  }

  /** One page, newest first; open ones only unless {@code closedToo} (HARD-8). */
  List<Alert> list(String state, PageRequest page, Seek after) {
    String where =
        switch (state) {
          case "open" -> " where closed_at is null";
          case "closed" -> " where closed_at is not null";
          default -> " where true";
        };
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from watch_alerts"
                + where
                + after.and()
                + " order by opened_at desc, id desc limit :fetch")
        .params(after.params())
        .query(AlertRepository::alert)
        .list();
  }

  Optional<Alert> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from watch_alerts where id = :id")
        .param("id", id)
        .query(AlertRepository::alert)
        .optional();
  }

  /** Closes an open alert; false when it was closed already (or is not visible). */
  boolean close(UUID id, UUID operator, Instant at) {
    return jdbc.sql(
                "update watch_alerts set closed_at = :at, closed_by = :operator"
                    + " where id = :id and closed_at is null")
            .param("at", Instants.timestamp(at))
            .param("operator", operator)
            .param("id", id)
            .update()
        == 1;
  }

  static Seek seek(PageRequest page) {
    return page.seek(SortKey.descending(SortKey.instant("opened_at"), SortKey.uuid("id")));
  }

  static Page<Alert> page(List<Alert> rows, PageRequest page) {
    return Page.of(rows, page, a -> Cursor.of(page.list(), a.openedAt(), a.id()));
  }

  private static Alert alert(ResultSet rs, int n) throws SQLException {
    String rule = rs.getString("rule");
    return new Alert(
        rs.getObject("id", UUID.class),
        rule,
        Rule.titleOf(rule),
        rs.getString("subject"),
        Instants.from(rs, "opened_at"),
        JSON.readValue(rs.getString("detail"), new TypeReference<Map<String, Object>>() {}),
        rs.getTimestamp("closed_at") == null ? null : Instants.from(rs, "closed_at"),
        rs.getObject("closed_by", UUID.class));
  }
}
