package io.pawkeep.businesses;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Staff, staff invitations, roles and permission overrides. Checks live in {@link BusinessStaff}.
 */
@RestController
class StaffController {

  /** Overrides map a permission to {@code grant} or {@code revoke}. */
  record CreateStaffInvite(
      @NotNull @Size(max = 20) String role, @Size(max = 32) Map<String, String> permissions) {}

  /** Overrides map a permission to {@code grant}, {@code revoke} or {@code inherit}. */
  record UpdateStaffMember(
      @Size(max = 20) String role, @Size(max = 32) Map<String, String> permissions) {}

  record AcceptStaffInvite(@NotBlank @Size(max = 128) String token) {}

  private final BusinessStaff staff;
  private final CurrentUser currentUser;

  StaffController(BusinessStaff staff, CurrentUser currentUser) {
    this.staff = staff;
    this.currentUser = currentUser;
  }

  @Operation(summary = "The staff with roles, overrides and effective permissions (staff.manage)")
  @GetMapping("/api/v1/businesses/{id}/staff")
  Page<StaffMember> list(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return staff.list(currentUser.userId(), id, PageRequest.of("staff", limit, cursor));
  }

  /** Staff join only by accepting an invitation, so there is one way in: 405 pointing at it. */
  @Operation(
      summary = "Not supported: invite staff with POST /api/v1/businesses/{id}/staff-invites")
  @PostMapping("/api/v1/businesses/{id}/staff")
  void add(@PathVariable UUID id) {
    HttpHeaders allow = new HttpHeaders();
    allow.setAllow(java.util.Set.of(org.springframework.http.HttpMethod.GET));
    throw new ApiProblem(
        HttpStatus.METHOD_NOT_ALLOWED,
        "use-staff-invites",
        "Method not allowed",
        "Staff join by invitation: POST /api/v1/businesses/{id}/staff-invites.",
        Map.of(),
        allow);
  }

  @Operation(
      summary =
          "Invite someone with a role and permission overrides; the token is shown once"
              + " (staff.manage; owners invite owners)")
  @PostMapping("/api/v1/businesses/{id}/staff-invites")
  @ResponseStatus(HttpStatus.CREATED)
  BusinessStaff.Invite invite(@PathVariable UUID id, @Valid @RequestBody CreateStaffInvite body) {
    return staff.invite(currentUser.userId(), id, body.role(), body.permissions());
  }

  @Operation(summary = "Revoke an unused staff invitation (staff.manage)")
  @DeleteMapping("/api/v1/businesses/{id}/staff-invites/{inviteId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revokeInvite(@PathVariable UUID id, @PathVariable UUID inviteId) {
    staff.revokeInvite(currentUser.userId(), id, inviteId);
  }

  @Operation(summary = "Accept a staff invitation as the signed-in user")
  @PostMapping("/api/v1/staff-invites/accept")
  BusinessView accept(@Valid @RequestBody AcceptStaffInvite body) {
    return staff.accept(currentUser.userId(), body.token());
  }

  @Operation(summary = "Change a member's role and/or permission overrides (staff.manage)")
  @PatchMapping("/api/v1/businesses/{id}/staff/{userId}")
  StaffMember update(
      @PathVariable UUID id,
      @PathVariable UUID userId,
      @Valid @RequestBody UpdateStaffMember body) {
    return staff.update(currentUser.userId(), id, userId, body.role(), body.permissions());
  }

  @Operation(summary = "Remove a member (staff.manage; owners remove owners), or leave (yourself)")
  @DeleteMapping("/api/v1/businesses/{id}/staff/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(@PathVariable UUID id, @PathVariable UUID userId) {
    staff.remove(currentUser.userId(), id, userId);
  }
}
