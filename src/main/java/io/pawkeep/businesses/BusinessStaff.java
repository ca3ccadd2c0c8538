package io.pawkeep.businesses;

import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A business's staff: invitations with a role and permission overrides, role and permission
 * changes, removal and leaving. Staff managers (staff.manage) who are not owners may neither touch
 * owners nor themselves, nor make owners, nor give a role or permission they do not hold (AUTHZ-9,
 * see {@link StaffGrants}); a business keeps at least one owner.
 */
@Service
@Transactional
class BusinessStaff {

  static final Duration INVITE_LIFETIME = Duration.ofDays(7);
  private static final Logger log = LoggerFactory.getLogger(BusinessStaff.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A freshly created invitation; the token is shown once and stored only as a hash. */
  record Invite(
      UUID id, String token, String role, Map<String, String> overrides, Instant expiresAt) {}

  private final Businesses businesses;
  private final BusinessRepository repository;
  private final StaffRepository staff;
  private final StaffGrants grants;
  private final BusinessEvents events;
  private final Clock clock;

  BusinessStaff(
      Businesses businesses,
      BusinessRepository repository,
      StaffRepository staff,
      StaffGrants grants,
      BusinessEvents events,
      Clock clock) {
    this.businesses = businesses;
    this.repository = repository;
    this.staff = staff;
    this.grants = grants;
    this.events = events;
    this.clock = clock;
  }

  /** One page of the staff, by joining time (staff.manage; HARD-8). */
  @Transactional(readOnly = true)
  Page<StaffMember> list(UUID caller, UUID id, PageRequest page) {
    businesses.member(caller, id).require("staff.manage");
    return Page.of(
        staff.list(id, page), page, m -> Cursor.of(page.list(), m.joinedAt(), m.userId()));
  }

  /** One member of the staff, as the staff list shows them (staff.manage); 404 for anyone else. */
  @Transactional(readOnly = true)
  StaffMember member(UUID caller, UUID id, UUID member) {
    businesses.member(caller, id).require("staff.manage");
    return staff.list(id).stream()
        .filter(m -> m.userId().equals(member))
        .findFirst()
        .orElseThrow(ApiProblem::notFound);
  }

  /**
   * What each role grants before overrides, computed by the database's one definition, for pages
   * that explain roles (AUTHZ-2); role names in order, permissions sorted.
   */
  @Transactional(readOnly = true)
  Map<String, List<String>> roleGrants() {
    Map<String, List<String>> grants = new TreeMap<>();
    for (String role : repository.roles().keySet()) {
      grants.put(role, repository.rolePermissions(role, Map.of()).stream().sorted().toList());
    }
    return grants;
  }

  /** Every permission's name, sorted. */
  @Transactional(readOnly = true)
  List<String> permissionNames() {
    return repository.permissionCatalogue().keySet().stream().sorted().toList();
  }

  Invite invite(UUID caller, UUID id, String role, Map<String, String> requested) {
    Membership manager = businesses.member(caller, id).require("staff.manage");
    requireRole(role);
    Map<String, Boolean> overrides = overrides(requested, role, false);
    grants.requireRoleGivable(manager, role, overrides);
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    UUID inviteId = UUID.randomUUID();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(INVITE_LIFETIME);
    List<String> grants = new ArrayList<>();
    List<String> revokes = new ArrayList<>();
    overrides.forEach((permission, granted) -> (granted ? grants : revokes).add(permission));
    staff.insertInvite(inviteId, id, hash(token), role, grants, revokes, caller, now, expiresAt);
    events.record(
        id,
        caller,
        "staff.invited",
        "invite",
        inviteId,
        Map.of("role", role, "overrides", named(overrides)));
    log.info("User {} invited a {} to business {} (invite {})", caller, role, id, inviteId);
    return new Invite(inviteId, token, role, named(overrides), expiresAt);
  }

  void revokeInvite(UUID caller, UUID id, UUID inviteId) {
    businesses.member(caller, id).require("staff.manage");
    if (!staff.revokeInvite(id, inviteId, clock.instant())) {
      throw ApiProblem.notFound();
    }
    events.record(id, caller, "staff.invite_revoked", "invite", inviteId, Map.of());
    log.info("User {} revoked staff invite {}", caller, inviteId);
  }

  BusinessView accept(UUID caller, String token) {
    UUID id =
        staff
            .acceptInvite(hash(token), clock.instant())
            .orElseThrow(
                () ->
                    ApiProblem.badRequest(
                        "This invitation is invalid, was already used or revoked, has expired,"
                            + " or you are already on the staff."));
    events.record(id, caller, "staff.joined", "user", caller, Map.of());
    log.info("User {} joined business {} by invitation", caller, id);
    return repository.find(id, caller).orElseThrow(ApiProblem::notFound);
  }

  /**
   * Changes a member's role (which starts them afresh from the new role's template) and/or their
   * overrides ({@code grant}, {@code revoke}, or {@code inherit} to drop an override).
   */
  StaffMember update(
      UUID caller, UUID id, UUID member, String role, Map<String, String> requested) {
    Membership manager = businesses.member(caller, id).require("staff.manage");
    if (role == null && (requested == null || requested.isEmpty())) {
      throw ApiProblem.badRequest("Send a role, permissions or both.");
    }
    if (role != null) {
      requireRole(role);
    }
    String current = staff.role(id, member).orElseThrow(ApiProblem::notFound);
    String target = role == null ? current : role;
    boolean roleChanges = !target.equals(current);
    Map<String, Boolean> overrides = overrides(requested, target, true);
    if (!manager.isOwner()) {
      if (caller.equals(member)) {
        throw ApiProblem.forbidden("You cannot change your own role or permissions.");
      }
      if ("owner".equals(current) || "owner".equals(target)) {
        throw ApiProblem.forbidden("Only an owner of this business may do this.");
      }
    }
    if (roleChanges) {
      grants.requireRoleGivable(manager, target, overrides);
    } else {
      grants.requireOverridesGivable(manager, id, member, target, overrides);
    }
    if ("owner".equals(current) && !"owner".equals(target)) {
      keepAnOwnerBesides(id, member);
    }
    if (roleChanges) {
      // The role first: the database judges each override write against the member's new role.
      staff.setRole(id, member, target);
      staff.replaceOverrides(id, member, overrides);
    } else {
      overrides.forEach(
          (permission, granted) -> staff.setOverride(id, member, permission, granted));
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("role", target);
    if (roleChanges) {
      detail.put("previousRole", current);
    }
    detail.put("overrides", named(overrides));
    events.record(id, caller, "staff.updated", "user", member, detail);
    log.info(
        "User {} changed the role or permissions of user {} in business {}", caller, member, id);
    return staff.list(id).stream()
        .filter(m -> m.userId().equals(member))
        .findFirst()
        .orElseThrow(ApiProblem::notFound);
  }

  /** Removes a member (staff.manage), or leaves (anyone, themselves). */
  void remove(UUID caller, UUID id, UUID member) {
    Membership self = businesses.member(caller, id);
    boolean leaving = caller.equals(member);
    if (!leaving) {
      self.require("staff.manage");
    }
    String role = staff.role(id, member).orElseThrow(ApiProblem::notFound);
    if ("owner".equals(role)) {
      if (!leaving) {
        self.requireOwner();
      }
      keepAnOwnerBesides(id, member);
    }
    if (!staff.remove(id, member)) {
      throw ApiProblem.notFound();
    }
    events.record(
        id, caller, leaving ? "staff.left" : "staff.removed", "user", member, Map.of("role", role));
    log.info("User {} removed user {} from business {}", caller, member, id);
  }

  private void keepAnOwnerBesides(UUID id, UUID member) {
    if (staff.lockOwners(id).stream().noneMatch(owner -> !owner.equals(member))) {
      throw ApiProblem.conflict("A business needs at least one owner.");
    }
  }

  private void requireRole(String role) {
    if (role == null || !repository.roles().containsKey(role)) {
      throw ApiProblem.badRequest(
          "role must be one of "
              + String.join(", ", new TreeMap<>(repository.roles()).keySet())
              + ".");
    }
  }

  /**
   * Parses overrides: permission name to {@code true} (grant), {@code false} (revoke) or, when
   * {@code inherit} is allowed, {@code null} (drop the override).
   */
  private Map<String, Boolean> overrides(
      Map<String, String> requested, String role, boolean inheritAllowed) {
    Map<String, Boolean> parsed = new TreeMap<>();
    if (requested == null || requested.isEmpty()) {
      return parsed;
    }
    if ("owner".equals(role)) {
      throw ApiProblem.badRequest("Owners hold every permission; overrides do not apply to them.");
    }
    Map<String, Boolean> catalogue = repository.permissionCatalogue();
    boolean sensitiveAllowed = repository.roles().get(role);
    for (Map.Entry<String, String> entry : requested.entrySet()) {
      String permission = entry.getKey();
      if (!catalogue.containsKey(permission)) {
        throw ApiProblem.badRequest("Unknown permission in permissions.");
      }
      Boolean granted =
          switch (String.valueOf(entry.getValue())) {
            case "grant" -> Boolean.TRUE;
            case "revoke" -> Boolean.FALSE;
            case "inherit" -> {
              if (!inheritAllowed) {
                throw ApiProblem.badRequest("Each permission must be grant or revoke.");
              }
              yield null;
            }
            default ->
                throw ApiProblem.badRequest(
                    "Each permission must be grant, revoke"
                        + (inheritAllowed ? " or inherit." : "."));
          };
      if (Boolean.TRUE.equals(granted) && catalogue.get(permission) && !sensitiveAllowed) {
        throw ApiProblem.badRequest(
            "The "
                + role
                + " role never holds medical, controlled-substance or access permissions.");
      }
      parsed.put(permission, granted);
    }
    return parsed;
  }

  private static Map<String, String> named(Map<String, Boolean> overrides) {
    Map<String, String> named = new TreeMap<>();
    overrides.forEach(
        (permission, granted) ->
            named.put(permission, granted == null ? "inherit" : granted ? "grant" : "revoke"));
    return named;
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
