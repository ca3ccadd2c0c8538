package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/** Households, members and invitations. Object checks live in {@link Households}. */
@RestController
class HouseholdController {

  record CreateHousehold(@NotBlank @Size(max = 100) String name) {}

  record RenameHousehold(@NotBlank @Size(max = 100) String name) {}

  record UpdateMember(
      @NotNull @Size(max = 10) String role, Instant sittingFrom, Instant sittingUntil) {}

  record CreateInvite(
      @NotNull @Size(max = 10) String role, Instant sittingFrom, Instant sittingUntil) {}

  record AcceptInvite(@NotBlank @Size(max = 128) String token) {}

  private final Households households;
  private final CurrentUser currentUser;

  HouseholdController(Households households, CurrentUser currentUser) {
    this.households = households;
    this.currentUser = currentUser;
  }

  @Operation(summary = "Create a household; the caller becomes its owner")
  @PostMapping("/api/v1/households")
  @ResponseStatus(HttpStatus.CREATED)
  HouseholdView create(@Valid @RequestBody CreateHousehold body) {
    return households.create(currentUser.userId(), body.name());
  }

  @Operation(summary = "The caller's households")
  @GetMapping("/api/v1/households")
  Page<HouseholdView> mine(
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return households.mine(currentUser.userId(), PageRequest.of("households", limit, cursor));
  }

  @Operation(summary = "One household (members only)")
  @GetMapping("/api/v1/households/{id}")
  HouseholdView get(@PathVariable UUID id) {
    return households.get(currentUser.userId(), id);
  }

  @Operation(summary = "Rename a household (owners)")
  @PatchMapping("/api/v1/households/{id}")
  HouseholdView rename(@PathVariable UUID id, @Valid @RequestBody RenameHousehold body) {
    return households.rename(currentUser.userId(), id, body.name());
  }

  @Operation(
      summary =
          "Delete a household for everyone at once (owners); an owner can bring it back until"
              + " purgeAfter, then its keys are shredded and its data deleted")
  @DeleteMapping("/api/v1/households/{id}")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, Instant> delete(@PathVariable UUID id) {
    return Map.of("purgeAfter", households.delete(currentUser.userId(), id));
  }

  @Operation(summary = "Your deleted households that can still be brought back (owners)")
  @GetMapping("/api/v1/households/deleted")
  Map<String, List<HouseholdRepository.Deleted>> deleted() {
    return Map.of("items", households.deletedMine());
  }

  @Operation(summary = "Bring back a deleted household before its purge (owners)")
  @PostMapping("/api/v1/households/{id}/undo-deletion")
  HouseholdView undoDeletion(@PathVariable UUID id) {
    return households.undoDeletion(currentUser.userId(), id);
  }

  @Operation(summary = "Members of a household (members only)")
  @GetMapping("/api/v1/households/{id}/members")
  Page<HouseholdMember> members(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return households.members(currentUser.userId(), id, PageRequest.of("members", limit, cursor));
  }

  @Operation(summary = "Change a member's role or sitting window (owners)")
  @PatchMapping("/api/v1/households/{id}/members/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void updateMember(
      @PathVariable UUID id, @PathVariable UUID userId, @Valid @RequestBody UpdateMember body) {
    households.updateMember(
        currentUser.userId(), id, userId, body.role(), body.sittingFrom(), body.sittingUntil());
  }

  @Operation(summary = "Remove a member (owners), or leave (yourself)")
  @DeleteMapping("/api/v1/households/{id}/members/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void removeMember(@PathVariable UUID id, @PathVariable UUID userId) {
    households.removeMember(currentUser.userId(), id, userId);
  }

  @Operation(
      summary =
          "Invite someone with a role (a sitter with an optional sitting window); the token is"
              + " shown once (owners)")
  @PostMapping("/api/v1/households/{id}/invites")
  @ResponseStatus(HttpStatus.CREATED)
  Households.Invite invite(@PathVariable UUID id, @Valid @RequestBody CreateInvite body) {
    return households.invite(
        currentUser.userId(), id, body.role(), body.sittingFrom(), body.sittingUntil());
  }

  @Operation(summary = "Revoke an unused invitation (owners)")
  @DeleteMapping("/api/v1/households/{id}/invites/{inviteId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revokeInvite(@PathVariable UUID id, @PathVariable UUID inviteId) {
    households.revokeInvite(currentUser.userId(), id, inviteId);
  }

  @Operation(summary = "The household's audit trail, newest first (owners)")
  @GetMapping("/api/v1/households/{id}/audit")
  Page<io.pawkeep.audit.RecordedEvent> audit(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return households.auditTrail(currentUser.userId(), id, PageRequest.of("audit", limit, cursor));
  }

  @Operation(summary = "Accept an invitation as the signed-in user")
  @PostMapping("/api/v1/invites/accept")
  HouseholdView accept(@Valid @RequestBody AcceptInvite body) {
    return households.accept(currentUser.userId(), body.token());
  }
}
