package io.pawkeep.privacy;

import io.pawkeep.accounts.Accounts;
import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The household export. Checks live in {@link HouseholdExport}. */
@RestController
class ExportController {

  private final HouseholdExport export;
  private final Accounts accounts;
  private final CurrentUser currentUser;

  ExportController(HouseholdExport export, Accounts accounts, CurrentUser currentUser) {
    this.export = export;
    this.accounts = accounts;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Export everything the household owns as JSON (owners); access secrets only with"
              + " includeSecrets=true within five minutes of signing in")
  @GetMapping("/api/v1/households/{id}/export")
  ResponseEntity<Map<String, Object>> export(
      @PathVariable UUID id, @RequestParam(defaultValue = "false") boolean includeSecrets) {
    return ResponseEntity.ok()
        .header("Cache-Control", "no-store")
        .header("Content-Disposition", "attachment; filename=\"household-export.json\"")
        .body(
            export.export(
                currentUser.userId(),
                id,
                includeSecrets,
                accounts.sessionStartedAt(currentUser.sessionId())));
  }
}
