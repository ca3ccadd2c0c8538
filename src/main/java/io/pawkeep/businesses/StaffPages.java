package io.pawkeep.businesses;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A business's staff (staff.manage): the members with their roles and effective permissions, what
 * each role grants, invitations (created with the link shown once, revoked) and one member's role
 * and permission overrides; and {@code /staff-invites/{token}}, where the invited person accepts.
 * Every action calls {@link BusinessStaff}, the facade of the staff API, which refuses a manager
 * giving a role or permission they do not hold (AUTHZ-9): that refusal is shown beside the field.
 */
@Controller
class StaffPages {

  private final BusinessStaff staff;
  private final Businesses businesses;
  private final CurrentUser currentUser;

  StaffPages(BusinessStaff staff, Businesses businesses, CurrentUser currentUser) {
    this.staff = staff;
    this.businesses = businesses;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses/{id}/staff")
  String list(
      @PathVariable UUID id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String revoked,
      Model model) {
    model.addAttribute("revoked", revoked != null);
    return renderList(id, cursor, null, null, model);
  }

  @PostMapping("/businesses/{id}/staff-invites")
  String invite(
      @PathVariable UUID id,
      @RequestParam(required = false) String role,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    if (role == null || !staff.roleGrants().containsKey(role)) {
      if (!business.permissions().contains("staff.manage")) {
        throw ApiProblem.forbidden("Your role in this business does not allow this.");
      }
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return renderList(id, null, role, "Choose a role.", model);
    }
    BusinessStaff.Invite invite;
    try {
      invite = staff.invite(me, id, role, Map.of());
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.FORBIDDEN
          || !business.permissions().contains("staff.manage")) {
        throw problem;
      }
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return renderList(id, null, role, "You cannot give this role.", model);
    }
    // The link is shown on this answer only (no redirect, never stored): the token is a secret.
    model.addAttribute("business", business);
    model.addAttribute("invite", invite);
    model.addAttribute(
        "link",
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/staff-invites/{token}")
            .buildAndExpand(invite.token())
            .toUriString());
    return "businesses/staff-invite-created";
  }

  @PostMapping("/businesses/{id}/staff-invites/{inviteId}/revoke")
  String revokeInvite(@PathVariable UUID id, @PathVariable UUID inviteId) {
    staff.revokeInvite(currentUser.userId(), id, inviteId);
    return "redirect:/businesses/" + id + "/staff?revoked";
  }

  @GetMapping("/businesses/{id}/staff/{userId}")
  String member(@PathVariable UUID id, @PathVariable UUID userId, Model model) {
    return renderMember(id, userId, null, null, model);
  }

  @PostMapping("/businesses/{id}/staff/{userId}")
  String update(
      @PathVariable UUID id,
      @PathVariable UUID userId,
      @RequestParam Map<String, String> form,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    StaffMember current = staff.member(me, id, userId);
    String role = form.get("role");
    Map<String, String> overrides = new TreeMap<>();
    for (String permission : staff.permissionNames()) {
      String choice = form.get("perm-" + permission);
      String had = current.overrides().get(permission);
      if (choice != null
          && !choice.equals(had == null ? "inherit" : had)
          && !"owner".equals(role)) {
        overrides.put(permission, choice);
      }
    }
    boolean roleChanges = role != null && !role.equals(current.role());
    if (!roleChanges && overrides.isEmpty()) {
      return "redirect:/businesses/" + id + "/staff/" + userId;
    }
    try {
      staff.update(me, id, userId, roleChanges ? role : null, overrides);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.BAD_REQUEST && problem.status() != HttpStatus.FORBIDDEN
          || BusinessPages.isSecondFactorRequired(problem)) {
        throw problem;
      }
      response.setStatus(problem.status().value());
      return renderMember(id, userId, role, problem.getMessage(), model);
    }
    return "redirect:/businesses/" + id + "/staff/" + userId;
  }

  @PostMapping("/businesses/{id}/staff/{userId}/remove")
  String remove(@PathVariable UUID id, @PathVariable UUID userId) {
    UUID me = currentUser.userId();
    staff.remove(me, id, userId);
    return me.equals(userId) ? "redirect:/businesses" : "redirect:/businesses/" + id + "/staff";
  }

  @GetMapping("/staff-invites/{token}")
  String acceptPage(@PathVariable String token, Model model) {
    model.addAttribute("token", token);
    model.addAttribute("error", null);
    return "businesses/staff-invite-accept";
  }

  @PostMapping("/staff-invites/accept")
  String accept(
      @RequestParam(required = false) String token, Model model, HttpServletResponse response) {
    if (token == null || token.isBlank() || token.length() > 128) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("token", "");
      model.addAttribute("error", "This invitation link is not complete; open it again.");
      return "businesses/staff-invite-accept";
    }
    BusinessView joined;
    try {
      joined = staff.accept(currentUser.userId(), token);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.BAD_REQUEST) {
        throw problem;
      }
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("token", token);
      model.addAttribute("error", problem.getMessage());
      return "businesses/staff-invite-accept";
    }
    return "redirect:/businesses/" + joined.id();
  }

  private String renderList(UUID id, String cursor, String role, String roleError, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    Page<StaffMember> page = staff.list(me, id, PageRequest.of("staff", null, cursor));
    model.addAttribute("business", business);
    model.addAttribute("members", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("roles", staff.roleGrants());
    model.addAttribute("role", role);
    model.addAttribute("roleError", roleError);
    model.addAttribute("me", me);
    return "businesses/staff";
  }

  private String renderMember(UUID id, UUID userId, String role, String error, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    StaffMember member = staff.member(me, id, userId);
    Map<String, List<String>> roles = staff.roleGrants();
    model.addAttribute("business", business);
    model.addAttribute("member", member);
    model.addAttribute("roles", roles);
    model.addAttribute("role", role != null ? role : member.role());
    model.addAttribute("permissionNames", staff.permissionNames());
    model.addAttribute("error", error);
    model.addAttribute("self", me.equals(userId));
    return "businesses/staff-member";
  }
}
