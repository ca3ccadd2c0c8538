package io.pawkeep.privacy;

import io.pawkeep.audit.AuditDigest;
import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.ApiProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Breach reports (PRIV-4): for an incident window, and optionally an actor, an account or a client
 * address, which people, households and businesses the audit trail shows touched, and how (events
 * and distinct records per kind and action). The trail's digest is read as the schema owner
 * (audit/AuditDigest), since a report spans every tenant's chain, and the ids it names are told
 * apart by owner-only database functions ({@code pawkeep_breach_kinds}, {@code
 * pawkeep_breach_members}); so the operator check comes first, in the database ({@code
 * pawkeep_is_platform_admin}), and every report is itself audited. The window is bounded ({@code
 * pawkeep.breach.max-window}).
 */
@Service
class BreachReports {

  static final int MAX_LISTED = 1000;

  /** How many ids of each sort the digest hands over to be told apart (people, households...). */
  private static final int CLASSIFIED = 100_000;

  private static final String TO_FILL = "(to be completed by the operator)";

  private final OwnerDatabase owner;
  private final AuditDigest digest;
  private final JdbcClient application;
  private final AuditTrail trail;
  private final BreachReportProperties settings;

  BreachReports(
      OwnerDatabase owner,
      AuditDigest digest,
      JdbcClient application,
      AuditTrail trail,
      BreachReportProperties settings) {
    this.owner = owner;
    this.digest = digest;
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

  BreachReport build(BreachCriteria c) {
    AuditDigest.Digest d =
        digest.of(c.from(), c.to(), c.actor(), c.account(), c.address(), CLASSIFIED);
    Set<UUID> named = new TreeSet<>(d.actors());
    named.addAll(d.chains());
    Map<UUID, String> kinds = new HashMap<>();
    JdbcClient sql = owner.jdbc();
    sql.sql("select id, kind from pawkeep_breach_kinds(cast(:ids as uuid[]))")
        .param("ids", named.toArray(UUID[]::new))
        .query((rs, n) -> kinds.put(rs.getObject("id", UUID.class), rs.getString("kind")))
        .list();
    Set<UUID> households = new TreeSet<>();
    Set<UUID> businesses = new TreeSet<>();
    Set<UUID> people = new TreeSet<>(d.accounts());
    for (UUID chain : d.chains()) {
      switch (kinds.getOrDefault(chain, "account")) {
        case "household" -> households.add(chain);
        case "business" -> businesses.add(chain);
        default -> people.add(chain); // an account's own chain
      }
    }
    for (UUID actor : d.actors()) {
      if (!"api_key".equals(kinds.get(actor))) {
        people.add(actor);
      }
    }
    Set<UUID> subjects = new TreeSet<>(people);
    subjects.addAll(
        sql.sql("select * from pawkeep_breach_members(cast(:ids as uuid[]))")
            .param("ids", households.toArray(UUID[]::new))
            .query(UUID.class)
            .list());
    List<BreachReport.Touch> touches =
        d.touches().stream()
            .map(t -> new BreachReport.Touch(t.kind(), t.action(), t.events(), t.records()))
            .toList();
    boolean truncated =
        d.actorCount() > MAX_LISTED
            || people.size() > MAX_LISTED
            || households.size() > MAX_LISTED
            || businesses.size() > MAX_LISTED
            || d.chainCount() > CLASSIFIED
            || d.actorCount() > CLASSIFIED
            || d.accountCount() > CLASSIFIED;
    long records = touches.stream().mapToLong(BreachReport.Touch::records).sum();
    return new BreachReport(
        new BreachReport.Window(c.from(), c.to()),
        new BreachReport.Filters(c.actor(), c.account(), c.address()),
        d.events(),
        d.actorCount(),
        first(d.actors()),
        people.size(),
        first(people),
        households.size(),
        first(households),
        businesses.size(),
        first(businesses),
        d.addresses(),
        touches,
        truncated,
        notification(
            c,
            d.events(),
            people.size(),
            households.size(),
            businesses.size(),
            subjects.size(),
            touches,
            records));
  }

  private static List<UUID> first(java.util.Collection<UUID> ids) {
    return ids.stream().limit(MAX_LISTED).toList();
  }

  private BreachReport.Notification notification(
      BreachCriteria c,
      long events,
      long people,
      long households,
      long businesses,
      long subjectCount,
      List<BreachReport.Touch> touches,
      long records) {
    List<String> subjects = new ArrayList<>();
    if (people > 0) {
      subjects.add("account holders (people with a Pawkeep account)");
    }
    if (households > 0) {
      subjects.add("members of households (pet owners, family, sitters)");
    }
    if (businesses > 0) {
      subjects.add("staff and clients of businesses (care companies, clinics)");
    }
    List<String> kinds =
        touches.stream().map(BreachReport.Touch::kind).distinct().sorted().toList();
    String nature =
        events
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
        subjectCount,
        kinds,
        records,
        c.from() + " to " + c.to(),
        TO_FILL,
        TO_FILL,
        settings.contact());
  }
}
