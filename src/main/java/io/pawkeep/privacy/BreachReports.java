package io.pawkeep.privacy;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Instants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Breach reports (PRIV-4): for an incident window, and optionally an actor, an account or a client
 * address, which people, households and businesses the audit trail shows touched, and how (events
 * and distinct records per kind and action). Read as the schema owner in one read-only snapshot,
 * since a report spans every tenant's chain; so the operator check comes first, in the database
 * ({@code pawkeep_is_platform_admin}), and every report is itself audited. The window is bounded
 * ({@code pawkeep.breach.max-window}) and read through a BRIN index on the trail's time.
 */
@Service
class BreachReports {

  static final int MAX_LISTED = 1000;
  private static final String PLATFORM = AuditEvent.PLATFORM_CHAIN.toString();
  private static final String TO_FILL = "(to be completed by the operator)";

  /** The events of the report: the window and the filters, shared by every statement below. */
  private static final String EVENTS =
      """
      with e as materialized (
        select chain_id, actor_id, action, target_type, target_id, ip_address
          from audit_events
         where occurred_at >= :from and occurred_at < :to
           and (cast(:actor as uuid) is null or actor_id = cast(:actor as uuid))
           and (cast(:account as uuid) is null
                or actor_id = cast(:account as uuid) or chain_id = cast(:account as uuid)
                or (target_type = 'user' and target_id = cast(:account as text)))
           and (cast(:address as text) is null or ip_address = cast(:address as text))),
      people as (
        select actor_id as id from e
         where actor_id is not null
           and not exists (select 1 from api_keys k where k.id = e.actor_id)
        union
        select chain_id from e
         where chain_id <> cast(:platform as uuid)
           and not exists (select 1 from households h where h.id = e.chain_id)
           and not exists (select 1 from businesses b where b.id = e.chain_id)
        union
        select cast(target_id as uuid) from e
         where target_type = 'user'
           and target_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
      households_touched as (
        select distinct chain_id as id from e
         where exists (select 1 from households h where h.id = e.chain_id)),
      businesses_touched as (
        select distinct chain_id as id from e
         where exists (select 1 from businesses b where b.id = e.chain_id))
      """;

  private final OwnerDatabase owner;
  private final JdbcClient application;
  private final AuditTrail trail;
  private final BreachReportProperties settings;

  BreachReports(
      OwnerDatabase owner,
      JdbcClient application,
      AuditTrail trail,
      BreachReportProperties settings) {
    this.owner = owner;
    this.application = application;
    this.trail = trail;
    this.settings = settings;
  }

  BreachReportProperties settings() {
    return settings;
  }

  /**
   * The report for a platform operator (with the second factor): anyone else is refused before
   * anything is read; the report is recorded in the platform's audit chain with its criteria.
   */
  @Transactional
  BreachReport forOperator(UUID operator, BreachCriteria criteria) {
    boolean isOperator =
        Boolean.TRUE.equals(
            application.sql("select pawkeep_is_platform_admin()").query(Boolean.class).single());
    if (!isOperator) {
      throw ApiProblem.forbidden(
          "Only platform administrators signed in with a second factor may do this.");
    }
    BreachReport report = build(criteria);
    trail.record(audited(operator, criteria, report, "api"));
    return report;
  }

  /** The report for the server's own command (no person signed in); audited likewise. */
  BreachReport forCommand(BreachCriteria criteria) {
    BreachReport report = build(criteria);
    trail.record(audited(null, criteria, report, "command"));
    return report;
  }

  private static AuditEvent audited(
      UUID operator, BreachCriteria criteria, BreachReport report, String via) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("via", via);
    detail.put("from", criteria.from().toString());
    detail.put("to", criteria.to().toString());
    if (criteria.actor() != null) {
      detail.put("actor", criteria.actor().toString());
    }
    if (criteria.account() != null) {
      detail.put("account", criteria.account().toString());
    }
    if (criteria.address() != null) {
      detail.put("address", criteria.address());
    }
    detail.put("events", report.events());
    return new AuditEvent(
        AuditEvent.PLATFORM_CHAIN,
        operator,
        "privacy.breach_report",
        "audit_trail",
        null,
        null,
        detail);
  }

  BreachReport build(BreachCriteria criteria) {
    TransactionTemplate snapshot = owner.snapshot();
    return snapshot.execute(status -> read(owner.jdbc(), criteria));
  }

  private BreachReport read(JdbcClient jdbc, BreachCriteria c) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("from", Instants.timestamp(c.from()));
    params.put("to", Instants.timestamp(c.to()));
    params.put("actor", c.actor() == null ? null : c.actor().toString());
    params.put("account", c.account() == null ? null : c.account().toString());
    params.put("address", c.address());
    params.put("platform", PLATFORM);
    params.put("cap", MAX_LISTED);

    long[] totals =
        jdbc.sql(
                EVENTS
                    + """
                    select (select count(*) from e) as events,
                           (select count(distinct actor_id) from e) as actors,
                           (select count(*) from people) as people,
                           (select count(*) from households_touched) as households,
                           (select count(*) from businesses_touched) as businesses,
                           (select count(distinct ip_address) from e) as addresses,
                           (select count(*) from (
                              select id from people
                              union
                              select m.user_id from household_members m
                               where m.household_id in (select id from households_touched)) s)
                             as subjects
                    """)
            .params(params)
            .query(
                (rs, n) ->
                    new long[] {
                      rs.getLong("events"),
                      rs.getLong("actors"),
                      rs.getLong("people"),
                      rs.getLong("households"),
                      rs.getLong("businesses"),
                      rs.getLong("addresses"),
                      rs.getLong("subjects")
                    })
            .single();
    List<BreachReport.Touch> touches =
        jdbc.sql(
                EVENTS
                    + """
                    select coalesce(target_type, '(none)') as kind, action,
                           count(*) as events, count(distinct target_id) as records
                      from e group by 1, 2 order by 1, 2
                    """)
            .params(params)
            .query(
                (rs, n) ->
                    new BreachReport.Touch(
                        rs.getString("kind"),
                        rs.getString("action"),
                        rs.getLong("events"),
                        rs.getLong("records")))
            .list();
    List<UUID> actors =
        ids(jdbc, "select distinct actor_id as id from e where actor_id is not null", params);
    List<UUID> people = ids(jdbc, "select id from people", params);
    List<UUID> households = ids(jdbc, "select id from households_touched", params);
    List<UUID> businesses = ids(jdbc, "select id from businesses_touched", params);
    boolean truncated =
        totals[1] > MAX_LISTED
            || totals[2] > MAX_LISTED
            || totals[3] > MAX_LISTED
            || totals[4] > MAX_LISTED;
    long records = touches.stream().mapToLong(BreachReport.Touch::records).sum();
    return new BreachReport(
        new BreachReport.Window(c.from(), c.to()),
        new BreachReport.Filters(c.actor(), c.account(), c.address()),
        totals[0],
        totals[1],
        actors,
        totals[2],
        people,
        totals[3],
        households,
        totals[4],
        businesses,
        totals[5],
        touches,
        truncated,
        notification(c, totals, touches, records));
  }

  private BreachReport.Notification notification(
      BreachCriteria c, long[] totals, List<BreachReport.Touch> touches, long records) {
    List<String> subjects = new ArrayList<>();
    if (totals[2] > 0) {
      subjects.add("account holders (people with a Pawkeep account)");
    }
    if (totals[3] > 0) {
      subjects.add("members of households (pet owners, family, sitters)");
    }
    if (totals[4] > 0) {
      subjects.add("staff and clients of businesses (care companies, clinics)");
    }
    List<String> kinds =
        touches.stream().map(BreachReport.Touch::kind).distinct().sorted().toList();
    String nature =
        totals[0]
            + " recorded action(s) between "
            + c.from()
            + " and "
            + c.to()
            + " on "
            + kinds.size()
            + " kind(s) of record"
            + (c.actor() == null ? "" : ", by actor " + c.actor())
            + (c.account() == null ? "" : ", concerning account " + c.account())
            + (c.address() == null ? "" : ", from address " + c.address())
            + ". Describe what happened (confidentiality, integrity or availability).";
    return new BreachReport.Notification(
        nature,
        subjects,
        totals[6],
        kinds,
        records,
        c.from() + " to " + c.to(),
        TO_FILL,
        TO_FILL,
        settings.contact());
  }

  private static List<UUID> ids(JdbcClient jdbc, String select, Map<String, Object> params) {
    return jdbc.sql(EVENTS + "select id from (" + select + ") s order by id limit :cap")
        .params(params)
        .query((rs, n) -> rs.getObject("id", UUID.class))
        .list();
  }
}
