package io.pawkeep.households;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.security.SecurityMetrics;
import io.pawkeep.watch.Watch;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alarm and lockbox codes, key location, Wi-Fi and access notes: encrypted per field, written by
 * owners, never returned by ordinary reads. Each reveal is recorded (who, when, which fields, why)
 * in the reveal log and the audit trail, which owners can read. Sitters reveal only inside the
 * sitting window an owner set for them.
 */
@Service
@Transactional
public class AccessSecrets {

  static final List<String> FIELDS =
      List.of("alarmCode", "lockboxCode", "keyLocation", "wifiName", "wifiPassword", "accessNotes");
  private static final Logger log = LoggerFactory.getLogger(AccessSecrets.class);

  private final AccessSecretRepository secrets;
  private final HouseholdRepository households;
  private final FieldCipher cipher;
  private final AuditTrail trail;
  private final Clock clock;
  private final SecurityMetrics metrics;
  private final Watch watch;

  AccessSecrets(
      AccessSecretRepository secrets,
      HouseholdRepository households,
      FieldCipher cipher,
      AuditTrail trail,
      Clock clock,
      SecurityMetrics metrics,
      Watch watch) {
    this.secrets = secrets;
    this.households = households;
    this.cipher = cipher;
    this.trail = trail;
    this.clock = clock;
    this.metrics = metrics;
    this.watch = watch;
  }

  /** Replaces the household's secrets; a missing or null field clears it (owners). */
  void write(UUID caller, UUID householdId, Map<String, String> values) {
    requireOwner(caller, householdId);
    Map<String, byte[]> sealed = new LinkedHashMap<>();
    for (String field : FIELDS) {
      String value = values.get(field);
      sealed.put(
          field,
          cipher.encryptText(
              householdId,
              "access_secrets",
              field,
              householdId,
              value == null || value.isEmpty() ? null : value));
    }
    secrets.upsert(householdId, sealed, caller, clock.instant());
    List<String> set = FIELDS.stream().filter(f -> sealed.get(f) != null).toList();
    record(householdId, caller, "access_secrets.updated", Map.of("fields", set));
    log.info("User {} updated the access secrets of household {}", caller, householdId);
  }

  /** Decrypts the requested fields (all when none are named) and records the reveal. */
  Map<String, String> reveal(UUID caller, UUID householdId, List<String> requested, String reason) {
    HouseholdView household =
        households.find(householdId, caller, false).orElseThrow(ApiProblem::notFound);
    if ("sitter".equals(household.role()) && !insideSittingWindow(caller, householdId)) {
      throw ApiProblem.forbidden("Sitters see access secrets only during their sitting window.");
    }
    return disclose(caller, householdId, requested, reason, Map.of());
  }

  /**
   * Reveals to staff assigned to one of the household's bookings, exactly like a member's reveal:
   * recorded in the reveal log the owners read and in the household's audit trail, naming the
   * booking. The bookings module checks the assignment, its window and the access.reveal permission
   * first; row-level security on the secrets, the data keys and the reveal log checks them again,
   * so without an open assignment nothing is found.
   */
  public Map<String, String> revealForAssignment(
      UUID caller, UUID householdId, UUID bookingId, List<String> requested, String reason) {
    return disclose(
        caller, householdId, requested, reason, Map.of("booking", bookingId.toString()));
  }

  /**
   * Those of the households that keep access secrets the caller may reveal now, in one query and
   * without decrypting anything: for assigned staff, row-level security shows the secrets only
   * inside the assignment window with access.reveal (AUTHZ-5). For the walker's visit list.
   */
  @Transactional(readOnly = true)
  public java.util.Set<UUID> revealableNow(List<UUID> householdIds) {
    return householdIds.isEmpty()
        ? java.util.Set.of()
        : java.util.Set.copyOf(secrets.readable(householdIds));
  }

  private Map<String, String> disclose(
      UUID caller,
      UUID householdId,
      List<String> requested,
      String reason,
      Map<String, Object> context) {
    List<String> fields = requested == null || requested.isEmpty() ? FIELDS : requested;
    if (!FIELDS.containsAll(fields)) {
      throw ApiProblem.badRequest("fields may only name " + String.join(", ", FIELDS) + ".");
    }
    Map<String, byte[]> sealed =
        secrets
            .find(householdId)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        org.springframework.http.HttpStatus.NOT_FOUND,
                        "no-access-secrets",
                        "No access secrets",
                        "No access secrets are set for this household."));
    Map<String, String> revealed = new LinkedHashMap<>();
    for (String field : fields) {
      byte[] value = sealed.get(field);
      revealed.put(field, open(householdId, field, value));
    }
    Instant now = clock.instant();
    secrets.recordReveal(UUID.randomUUID(), householdId, caller, now, fields, reason);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("fields", fields);
    detail.putAll(context);
    if (reason != null) {
      detail.put("reason", reason);
    }
    record(householdId, caller, "access_secrets.revealed", detail);
    // LOG-3: counted, and compared with the person's own usual.
    metrics.secretRevealed();
    watch.revealed(caller);
    log.info(
        "User {} revealed {} access secret(s) of household {}", caller, fields.size(), householdId);
    return revealed;
  }

  /**
   * All secrets, for the household's export (owners only). Recorded by the export itself in the
   * audit trail, not in the reveal log.
   */
  public Map<String, String> revealForExport(UUID caller, UUID householdId) {
    requireOwner(caller, householdId);
    Map<String, String> revealed = new LinkedHashMap<>();
    Map<String, byte[]> sealed = secrets.find(householdId).orElse(Map.of());
    for (String field : FIELDS) {
      byte[] value = sealed.get(field);
      revealed.put(field, open(householdId, field, value));
    }
    return revealed;
  }

  /** The newest reveals of the household's secrets (owners), for its export. */
  @Transactional(readOnly = true)
  public List<AccessSecretRepository.Reveal> reveals(UUID caller, UUID householdId) {
    requireOwner(caller, householdId);
    return secrets.reveals(householdId);
  }

  /** One page of the reveals of the household's secrets, newest first (owners; HARD-8). */
  @Transactional(readOnly = true)
  public Page<AccessSecretRepository.Reveal> reveals(
      UUID caller, UUID householdId, PageRequest page) {
    requireOwner(caller, householdId);
    return Page.of(
        secrets.reveals(householdId, page),
        page,
        r -> Cursor.of(page.list(), r.revealedAt(), r.id()));
  }

  private boolean insideSittingWindow(UUID caller, UUID householdId) {
    Instant now = clock.instant();
    return households.members(householdId).stream()
        .filter(m -> m.userId().equals(caller))
        .anyMatch(
            m ->
                m.sittingFrom() != null
                    && m.sittingUntil() != null
                    && !now.isBefore(m.sittingFrom())
                    && now.isBefore(m.sittingUntil()));
  }

  private String open(UUID householdId, String field, byte[] value) {
    return cipher.decryptText(householdId, "access_secrets", field, householdId, value);
  }

  private void requireOwner(UUID caller, UUID householdId) {
    HouseholdView household =
        households.find(householdId, caller, false).orElseThrow(ApiProblem::notFound);
    if (!household.isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
  }

  private void record(UUID householdId, UUID actor, String action, Map<String, Object> detail) {
    trail.record(
        new AuditEvent(
            householdId, actor, action, "household", householdId.toString(), null, detail));
  }
}
