package io.pawkeep.care;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The care log and its offline sync. Each item's client id is its idempotency key, so the sync
 * needs no {@code Idempotency-Key} header (one is accepted and ignored). Object checks live in
 * {@link CareLog}.
 */
@RestController
class CareController {

  record Settings(@NotNull Boolean recordTracks, @NotNull Boolean clientsSeeTracks) {}

  private final CareLog careLog;
  private final CurrentUser currentUser;

  CareController(CareLog careLog, CurrentUser currentUser) {
    this.careLog = careLog;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Upload care actions recorded offline (assigned staff with care.log); answers each item"
              + " accepted, duplicate or rejected with a reason")
  @PostMapping("/api/v1/sync/care-actions")
  Map<String, List<CareLog.SyncOutcome>> sync(@Valid @RequestBody CareLog.SyncBatch body) {
    return Map.of("results", careLog.sync(currentUser.userId(), body.items()));
  }

  @Operation(
      summary =
          "A booking's care log: for whoever sees the booking; the household sees GPS tracks only"
              + " if the business allows it")
  @GetMapping("/api/v1/bookings/{id}/care-actions")
  Page<CareLog.CareActionView> log(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return careLog.log(currentUser.userId(), id, PageRequest.of("care-actions", limit, cursor));
  }

  @Operation(summary = "The business's care settings (its staff)")
  @GetMapping("/api/v1/businesses/{id}/care-settings")
  CareLog.CareSettings settings(@PathVariable UUID id) {
    return careLog.settings(currentUser.userId(), id);
  }

  @Operation(summary = "Change the business's care settings (settings.manage)")
  @PutMapping("/api/v1/businesses/{id}/care-settings")
  CareLog.CareSettings changeSettings(@PathVariable UUID id, @Valid @RequestBody Settings body) {
    return careLog.changeSettings(
        currentUser.userId(),
        id,
        new CareLog.CareSettings(body.recordTracks(), body.clientsSeeTracks()));
  }
}
