package io.pawkeep.businesses;

import io.pawkeep.audit.AuditTrail;
import io.pawkeep.audit.RecordedEvent;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Businesses (care companies and clinics). A business the caller is not on the staff of answers
 * exactly like a missing one (404); staff without the permission a route needs get 403. When a
 * business requires a second factor, its owners and managers act in it only from a session opened
 * with one (403 "Second factor required" otherwise). Permissions are read from the membership
 * tables in every request's transaction, never from the token.
 */
@Service
@Transactional
public class Businesses {

  static final int STAFF_NAMES = 200;
  static final Set<String> KINDS = Set.of("care_company", "clinic");
  private static final Logger log = LoggerFactory.getLogger(Businesses.class);

  private final BusinessRepository businesses;
  private final StaffRepository staff;
  private final BusinessEvents events;
  private final AuditTrail trail;
  private final Clock clock;

  Businesses(
      BusinessRepository businesses,
      StaffRepository staff,
      BusinessEvents events,
      AuditTrail trail,
      Clock clock) {
    this.businesses = businesses;
    this.staff = staff;
    this.events = events;
    this.trail = trail;
    this.clock = clock;
  }

  /** Creates a business; the caller becomes its first owner. */
  BusinessView create(UUID caller, String kind, String name) {
    if (kind == null || !KINDS.contains(kind)) {
      throw ApiProblem.badRequest("kind must be one of care_company, clinic.");
    }
    UUID id = UUID.randomUUID();
    businesses.insert(id, kind, cleanName(name), caller, clock.instant());
    events.record(id, caller, "business.created", "business", id, Map.of("kind", kind));
    log.info("User {} created business {}", caller, id);
    return businesses.find(id, caller).orElseThrow(ApiProblem::notFound);
  }

  /** One page of the caller's businesses, oldest first (HARD-8). */
  @Transactional(readOnly = true)
  public Page<BusinessView> mine(UUID caller, PageRequest page) {
    return Page.of(
        businesses.listMine(caller, page),
        page,
        b -> Cursor.of(page.list(), b.createdAt(), b.id()));
  }

  @Transactional(readOnly = true)
  public BusinessView get(UUID caller, UUID id) {
    member(caller, id);
    return businesses.find(id, caller).orElseThrow(ApiProblem::notFound);
  }

  /**
   * Renames (settings.manage) and turns the second-factor requirement on or off (owners only).
   * {@code null} leaves a field unchanged.
   */
  BusinessView update(UUID caller, UUID id, String name, Boolean requireSecondFactor) {
    Membership member = member(caller, id);
    if (name == null && requireSecondFactor == null) {
      throw ApiProblem.badRequest("Send a name, requireSecondFactor or both.");
    }
    if (name != null) {
      member.require("settings.manage");
    }
    if (requireSecondFactor != null) {
      member.requireOwner();
    }
    businesses.update(id, name == null ? null : cleanName(name), requireSecondFactor);
    Map<String, Object> detail = new LinkedHashMap<>();
    if (name != null) {
      detail.put("name", "changed");
    }
    if (requireSecondFactor != null) {
      detail.put("requireSecondFactor", requireSecondFactor);
    }
    events.record(id, caller, "business.updated", "business", id, detail);
    return businesses.find(id, caller).orElseThrow(ApiProblem::notFound);
  }

  /** One page of the business's audit trail, newest first (audit.read; HARD-8). */
  @Transactional(readOnly = true)
  Page<RecordedEvent> auditTrail(UUID caller, UUID id, PageRequest page) {
    member(caller, id).require("audit.read");
    return trail.page(id, page);
  }

  /**
   * Fails unless the caller holds {@code permission} in the business: 404 when not on its staff,
   * 403 otherwise. For other modules acting on a business's behalf.
   */
  @Transactional(readOnly = true)
  public void requirePermission(UUID caller, UUID id, String permission) {
    member(caller, id).require(permission);
  }

  /**
   * The caller's effective permissions in the business; empty when not on its staff, or when the
   * business requires a second factor this session lacks. For other modules deciding what a caller
   * may see without failing the request.
   */
  @Transactional(readOnly = true)
  public Set<String> permissionsOf(UUID caller, UUID id) {
    return businesses
        .membership(id, caller)
        .filter(member -> !member.secondFactorMissing())
        .map(Membership::permissions)
        .orElse(Set.of());
  }

  /**
   * The names of the business's staff (its first {@value #STAFF_NAMES} members) for holders of
   * staff.manage, the same people the staff list shows them; empty for anyone else. For pages that
   * offer a choice of staff member, e.g. whom a scheduler assigns a booking to.
   */
  @Transactional(readOnly = true)
  public List<StaffName> staffNames(UUID caller, UUID id) {
    Membership member = member(caller, id);
    if (!member.holds("staff.manage")) {
      return List.of();
    }
    return staff.list(id, PageRequest.of("staff", STAFF_NAMES, null)).stream()
        .map(m -> new StaffName(m.userId(), m.displayName(), m.role()))
        .toList();
  }

  /**
   * The caller's membership: 404 when not on the staff (exactly like a missing business), 403 when
   * the business requires a second factor this session lacks.
   */
  Membership member(UUID caller, UUID id) {
    Membership member = businesses.membership(id, caller).orElseThrow(ApiProblem::notFound);
    if (member.secondFactorMissing()) {
      throw Membership.secondFactorRequired();
    }
    return member;
  }

  private static String cleanName(String name) {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > 100) {
      throw ApiProblem.badRequest("name must have 1 to 100 characters.");
    }
    return clean;
  }
}
