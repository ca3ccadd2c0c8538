package io.pawkeep.watch;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.mail.Mailer;
import io.pawkeep.mail.OutgoingMail;
import io.pawkeep.security.SecurityMetrics;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Raising, listing and closing alerts (LOG-3). Raising one is three things: an event in the
 * platform's audit chain, the {@code pawkeep_watch_alerts_total} counter, and a mail to each
 * operator ({@code pawkeep.admin.emails}) once the alert is committed. The mail names the rule, the
 * subject (an address or an account id, which the operator needs to act) and the counts: never an
 * email, a secret or a household's data. A second burst while the alert is open raises nothing.
 */
@Service
class Alerts {

  static final Set<String> STATES = Set.of("open", "closed", "all");
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);

  private final AlertRepository alerts;
  private final AuditTrail trail;
  private final SecurityMetrics metrics;
  private final Mailer mailer;
  private final Clock clock;
  private final List<String> operators;
  private final String baseUrl;

  Alerts(
      AlertRepository alerts,
      AuditTrail trail,
      SecurityMetrics metrics,
      Mailer mailer,
      Clock clock,
      @Value("${pawkeep.admin.emails:}") List<String> operators,
      @Value("${pawkeep.mail.base-url:http://localhost:8080}") String baseUrl) {
    this.alerts = alerts;
    this.trail = trail;
    this.metrics = metrics;
    this.mailer = mailer;
    this.clock = clock;
    this.operators =
        operators.stream()
            .map(e -> e.strip().toLowerCase(Locale.ROOT))
            .filter(e -> !e.isEmpty())
            .distinct()
            .toList();
    this.baseUrl = baseUrl;
  }

  /** Raises an alert unless one is open for this rule and subject; answers the new one's id. */
  @Transactional
  Optional<UUID> raise(Rule rule, String subject, Map<String, Object> counts) {
    Instant now = clock.instant();
    Optional<UUID> raised = alerts.raise(rule, subject, now, counts);
    if (raised.isEmpty()) {
      return raised;
    }
    UUID id = raised.get();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("rule", rule.id());
    detail.put("subject", subject);
    // The actor is whoever's request crossed the threshold (none for a failed sign-in).
    trail.record(
        new AuditEvent(
            AuditEvent.PLATFORM_CHAIN,
            null,
            "watch.alert_raised",
            "alert",
            id.toString(),
            null,
            detail));
    metrics.alertRaised(rule.id());
    log.warn("Alert {} raised: {}", id, rule.id());
    afterCommit(() -> mail(id, rule, subject, now, counts));
    return raised;
  }

  @Transactional(readOnly = true)
  Page<Alert> list(String state, PageRequest page) {
    requireOperator();
    if (!STATES.contains(state)) {
      throw ApiProblem.badRequest("Parameter 'state' must be open, closed or all.");
    }
    return AlertRepository.page(alerts.list(state, page, AlertRepository.seek(page)), page);
  }

  /** Closes an open alert (operators); audited. 404 when unknown, 409 when closed already. */
  @Transactional
  Alert close(UUID operator, UUID id) {
    requireOperator();
    Alert alert = alerts.find(id).orElseThrow(ApiProblem::notFound);
    if (!alert.open() || !alerts.close(id, operator, clock.instant())) {
      throw new ApiProblem(
          HttpStatus.CONFLICT, "alert-closed", "Alert closed", "This alert is closed already.");
    }
    trail.record(
        new AuditEvent(
            AuditEvent.PLATFORM_CHAIN,
            operator,
            "watch.alert_closed",
            "alert",
            id.toString(),
            null,
            Map.of("rule", alert.rule())));
    return alerts.find(id).orElseThrow(ApiProblem::notFound);
  }

  @Transactional(readOnly = true)
  boolean isOperator() {
    return alerts.isOperator();
  }

  private void requireOperator() {
    if (!alerts.isOperator()) {
      throw ApiProblem.forbidden(
          "Only platform administrators signed in with a second factor may do this.");
    }
  }

  private void mail(UUID id, Rule rule, String subject, Instant at, Map<String, Object> counts) {
    String body =
        "Pawkeep raised an alert.\n\n"
            + "Rule: "
            + rule.title()
            + " ("
            + rule.id()
            + ")\n"
            + "Subject: "
            + subject
            + "\n"
            + "Raised at: "
            + at
            + "\n"
            + counts.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\n\nReview and close it at "
            + baseUrl
            + "/admin/alerts (alert "
            + id
            + ").\n";
    for (String operator : operators) {
      mailer.send(new OutgoingMail(operator, "Pawkeep alert: " + rule.title(), body));
    }
  }

  private static void afterCommit(Runnable action) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      action.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }
}
