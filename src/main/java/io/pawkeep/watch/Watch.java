package io.pawkeep.watch;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The usual-activity rules (LOG-3): a person revealing access secrets or exporting far more than
 * their own usual. Evaluated on each reveal or export as it happens, in its transaction: one
 * statement bumps the person's count for today and reads their own days before it (a primary-key
 * range), so a reveal rolled back counts for nothing. Row-level security lets a person count and
 * read only their own tally; a caller who is not the signed-in person (an API key) counts nothing.
 */
@Component
public class Watch {

  private static final String BUMP =
      """
      with bumped as (
        insert into watch_activity as a (person_id, kind, day, count)
        select :person, :kind, :day, 1 where :person = pawkeep_current_user()
        on conflict (person_id, kind, day) do update set count = a.count + 1
        returning a.count)
      select (select count from bumped) as today,
             coalesce((select sum(w.count) from watch_activity w
                        where w.person_id = :person and w.kind = :kind
                          and w.day >= :since and w.day < :day), 0) as before
      """;

  private final JdbcClient jdbc;
  private final Alerts alerts;
  private final WatchProperties settings;
  private final Clock clock;

  Watch(JdbcClient jdbc, Alerts alerts, WatchProperties settings, Clock clock) {
    this.jdbc = jdbc;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
  }

  /** {@code person} revealed a household's access secrets. */
  @Transactional
  public void revealed(UUID person) {
    count(person, "reveal", Rule.UNUSUAL_REVEALS, settings.revealFloor());
  }

  /** {@code person} exported a household. */
  @Transactional
  public void exported(UUID person) {
    count(person, "export", Rule.UNUSUAL_EXPORTS, settings.exportFloor());
  }

  private void count(UUID person, String kind, Rule rule, int floor) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Tally tally =
        jdbc.sql(BUMP)
            .param("person", person)
            .param("kind", kind)
            .param("day", today)
            .param("since", today.minusDays(settings.baselineDays()))
            .query((rs, n) -> new Tally((Integer) rs.getObject("today"), rs.getLong("before")))
            .single();
    if (tally.today() == null) {
      return;
    }
    double usual = (double) tally.before() / settings.baselineDays();
    if (tally.today() > floor && tally.today() > settings.usualFactor() * usual) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("today", tally.today());
      detail.put("usualPerDay", Math.round(usual * 10) / 10.0);
      detail.put("floor", floor);
      detail.put("factor", settings.usualFactor());
      detail.put("baselineDays", settings.baselineDays());
      alerts.raise(rule, person.toString(), detail);
    }
  }

  private record Tally(Integer today, long before) {}
}
