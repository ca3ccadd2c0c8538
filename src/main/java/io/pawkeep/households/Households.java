package io.pawkeep.households;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.audit.RecordedEvent;
import io.pawkeep.security.PrivacyProperties;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Households and their members. A household the caller does not belong to answers exactly like a
 * missing one (404); a member who is not an owner gets 403 for owners' actions. Membership changes
 * lock the household row, so two owners demoting each other cannot leave it without an owner.
 */
@Service
@Transactional
public class Households {

  static final Set<String> ROLES = Set.of("owner", "member", "sitter");
  static final Duration INVITE_LIFETIME = Duration.ofDays(7);
  private static final Logger log = LoggerFactory.getLogger(Households.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A freshly created invitation; the token is shown once and stored only as a hash. */
  record Invite(UUID id, String token, String role, Instant expiresAt) {}

  private final HouseholdRepository households;
  private final AuditTrail trail;
  private final PrivacyProperties privacy;
  private final Clock clock;

  Households(
      HouseholdRepository households, AuditTrail trail, PrivacyProperties privacy, Clock clock) {
    this.households = households;
    this.trail = trail;
    this.privacy = privacy;
    this.clock = clock;
  }

  HouseholdView create(UUID caller, String name) {
    UUID id = UUID.randomUUID();
    households.insert(id, cleanName(name), caller, clock.instant());
    audit(id, caller, "household.created", "household", id);
    log.info("User {} created household {}", caller, id);
    return visible(caller, id, false);
  }

  /** One page of the caller's households, oldest first (HARD-8). */
  @Transactional(readOnly = true)
  public Page<HouseholdView> mine(UUID caller, PageRequest page) {
    return Page.of(
        households.listMine(caller, page),
        page,
        h -> Cursor.of(page.list(), h.createdAt(), h.id()));
  }

  @Transactional(readOnly = true)
  public HouseholdView get(UUID caller, UUID id) {
    return visible(caller, id, false);
  }

  /** The household as the caller sees it; empty when the caller is not a member. */
  @Transactional(readOnly = true)
  public Optional<HouseholdView> find(UUID caller, UUID id) {
    return households.find(id, caller, false);
  }

  HouseholdView rename(UUID caller, UUID id, String name) {
    owned(caller, id);
    households.rename(id, cleanName(name));
    return visible(caller, id, false);
  }

  /**
   * Deletes the household for everyone at once; an owner may bring it back during the undo window,
   * after which {@link HouseholdPurge} shreds its keys and deletes its rows (PRIV-2).
   */
  Instant delete(UUID caller, UUID id) {
    owned(caller, id);
    audit(id, caller, "household.deleted", "household", id);
    if (!households.markDeleted(id, privacy.undoWindow())) {
      throw ApiProblem.notFound();
    }
    log.info("User {} deleted household {}", caller, id);
    return clock.instant().plus(privacy.undoWindow());
  }

  /** Brings back a household the caller owns and deleted less than the undo window ago. */
  HouseholdView undoDeletion(UUID caller, UUID id) {
    if (!households.undoDeletion(id)) {
      // Not an owner, never deleted, or past its window: all look like a missing household.
      throw ApiProblem.notFound();
    }
    audit(id, caller, "household.deletion_undone", "household", id);
    log.info("User {} brought back household {}", caller, id);
    return visible(caller, id, false);
  }

  /** The caller's deleted households that can still be brought back. */
  @Transactional(readOnly = true)
  List<HouseholdRepository.Deleted> deletedMine() {
    return households.deletedMine();
  }

  @Transactional(readOnly = true)
  public List<HouseholdMember> members(UUID caller, UUID id) {
    visible(caller, id, false);
    return households.members(id);
  }

  /** One page of the household's members, by joining time (members; HARD-8). */
  @Transactional(readOnly = true)
  public Page<HouseholdMember> members(UUID caller, UUID id, PageRequest page) {
    visible(caller, id, false);
    return Page.of(
        households.members(id, page), page, m -> Cursor.of(page.list(), m.joinedAt(), m.userId()));
  }

  void updateMember(
      UUID caller, UUID id, UUID member, String role, Instant sittingFrom, Instant sittingUntil) {
    owned(caller, id);
    requireRole(role);
    if (sittingFrom != null && sittingUntil != null && !sittingUntil.isAfter(sittingFrom)) {
      throw ApiProblem.badRequest("sittingUntil must be after sittingFrom.");
    }
    if (!"owner".equals(role)) {
      keepAnOwnerBesides(id, member);
    }
    if (!households.updateMember(id, member, role, sittingFrom, sittingUntil)) {
      throw ApiProblem.notFound();
    }
    audit(id, caller, "member.updated", "user", member, Map.of("role", role));
    log.info("User {} set the role of user {} in household {} to {}", caller, member, id, role);
  }

  /** Removes a member; any member may remove themselves (leave). */
  void removeMember(UUID caller, UUID id, UUID member) {
    HouseholdView household = visible(caller, id, false);
    if (household.isOwner()) {
      visible(caller, id, true);
    } else if (!caller.equals(member)) {
      throw notOwner();
    }
    keepAnOwnerBesides(id, member);
    if (!households.removeMember(id, member)) {
      throw ApiProblem.notFound();
    }
    audit(id, caller, caller.equals(member) ? "member.left" : "member.removed", "user", member);
    log.info("User {} removed user {} from household {}", caller, member, id);
  }

  /**
   * Invites with a role; a sitter's invitation may carry the sitting window the sitter gets on
   * accepting (both ends, the end after the start; other roles have none).
   */
  Invite invite(UUID caller, UUID id, String role, Instant sittingFrom, Instant sittingUntil) {
    owned(caller, id);
    requireRole(role);
    if (sittingFrom != null || sittingUntil != null) {
      if (!"sitter".equals(role)) {
        throw ApiProblem.badRequest("sittingFrom and sittingUntil are for sitters only.");
      }
      if (sittingFrom == null || sittingUntil == null) {
        throw ApiProblem.badRequest("sittingFrom and sittingUntil go together.");
      }
      if (!sittingUntil.isAfter(sittingFrom)) {
        throw ApiProblem.badRequest("sittingUntil must be after sittingFrom.");
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    UUID inviteId = UUID.randomUUID();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(INVITE_LIFETIME);
    households.insertInvite(
        inviteId, id, hash(token), role, sittingFrom, sittingUntil, caller, now, expiresAt);
    audit(id, caller, "invite.created", "invite", inviteId, Map.of("role", role));
    log.info("User {} invited a {} to household {} (invite {})", caller, role, id, inviteId);
    return new Invite(inviteId, token, role, expiresAt);
  }

  /** One page of the household's open invitations, newest first (owners; HARD-8). */
  @Transactional(readOnly = true)
  Page<HouseholdRepository.PendingInvite> pendingInvites(UUID caller, UUID id, PageRequest page) {
    if (!visible(caller, id, false).isOwner()) {
      throw notOwner();
    }
    return Page.of(
        households.pendingInvites(id, clock.instant(), page),
        page,
        i -> Cursor.of(page.list(), i.createdAt(), i.id()));
  }

  void revokeInvite(UUID caller, UUID id, UUID inviteId) {
    owned(caller, id);
    if (!households.revokeInvite(id, inviteId, clock.instant())) {
      throw ApiProblem.notFound();
    }
    audit(id, caller, "invite.revoked", "invite", inviteId);
    log.info("User {} revoked invite {}", caller, inviteId);
  }

  HouseholdView accept(UUID caller, String token) {
    UUID id =
        households
            .acceptInvite(hash(token), clock.instant())
            .orElseThrow(
                () ->
                    ApiProblem.badRequest(
                        "This invitation is invalid, was already used or revoked, has expired,"
                            + " or you are already a member."));
    audit(id, caller, "invite.accepted", "user", caller);
    log.info("User {} joined household {} by invitation", caller, id);
    return visible(caller, id, false);
  }

  /** The household's audit trail, newest first (owners). */
  @Transactional(readOnly = true)
  public List<RecordedEvent> auditTrail(UUID caller, UUID id) {
    owned(caller, id);
    return trail.recent(id, 200);
  }

  /** One page of the household's audit trail, newest first (owners; HARD-8). */
  @Transactional(readOnly = true)
  public Page<RecordedEvent> auditTrail(UUID caller, UUID id, PageRequest page) {
    owned(caller, id);
    return trail.page(id, page);
  }

  private void audit(UUID id, UUID actor, String action, String targetType, UUID target) {
    audit(id, actor, action, targetType, target, Map.of());
  }

  private void audit(
      UUID id,
      UUID actor,
      String action,
      String targetType,
      UUID target,
      Map<String, Object> detail) {
    trail.record(new AuditEvent(id, actor, action, targetType, target.toString(), null, detail));
  }

  private HouseholdView visible(UUID caller, UUID id, boolean lock) {
    return households.find(id, caller, lock).orElseThrow(ApiProblem::notFound);
  }

  /** Checks the caller owns the household, then locks it for membership changes. */
  private void owned(UUID caller, UUID id) {
    if (!visible(caller, id, false).isOwner()) {
      throw notOwner();
    }
    visible(caller, id, true);
  }

  /** Refuses a change that would leave the household without an owner. */
  private void keepAnOwnerBesides(UUID id, UUID member) {
    if (households.isOwner(id, member) && households.ownersBesides(id, member) == 0) {
      throw ApiProblem.conflict("A household needs at least one owner.");
    }
  }

  private static void requireRole(String role) {
    if (role == null || !ROLES.contains(role)) {
      throw ApiProblem.badRequest("role must be one of owner, member, sitter.");
    }
  }

  private static String cleanName(String name) {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > 100) {
      throw ApiProblem.badRequest("name must have 1 to 100 characters.");
    }
    return clean;
  }

  private static ApiProblem notOwner() {
    return ApiProblem.forbidden("Only an owner of this household may do this.");
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
