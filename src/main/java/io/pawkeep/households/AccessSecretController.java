package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Access secrets: owners write them; members reveal them, and every reveal is recorded. */
@RestController
class AccessSecretController {

  record WriteSecrets(
      @Size(max = 64) String alarmCode,
      @Size(max = 64) String lockboxCode,
      @Size(max = 1000) String keyLocation,
      @Size(max = 64) String wifiName,
      @Size(max = 128) String wifiPassword,
      @Size(max = 2000) String accessNotes) {}

  record Reveal(
      @Size(max = 6) List<@Size(max = 20) String> fields, @Size(max = 500) String reason) {}

  private final AccessSecrets secrets;
  private final CurrentUser currentUser;

  AccessSecretController(AccessSecrets secrets, CurrentUser currentUser) {
    this.secrets = secrets;
    this.currentUser = currentUser;
  }

  @Operation(summary = "Set the household's access secrets (owners); absent fields are cleared")
  @PutMapping("/api/v1/households/{id}/access-secrets")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void write(@PathVariable UUID id, @Valid @RequestBody WriteSecrets body) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("alarmCode", body.alarmCode());
    values.put("lockboxCode", body.lockboxCode());
    values.put("keyLocation", body.keyLocation());
    values.put("wifiName", body.wifiName());
    values.put("wifiPassword", body.wifiPassword());
    values.put("accessNotes", body.accessNotes());
    secrets.write(currentUser.userId(), id, values);
  }

  @Operation(summary = "Reveal access secrets (members; sitters in their window); recorded")
  @PostMapping("/api/v1/households/{id}/access-secrets/reveal")
  ResponseEntity<Map<String, String>> reveal(
      @PathVariable UUID id, @Valid @RequestBody Reveal body) {
    return ResponseEntity.ok()
        .header("Cache-Control", "no-store")
        .body(secrets.reveal(currentUser.userId(), id, body.fields(), body.reason()));
  }

  @Operation(summary = "The reveals of the household's access secrets, newest first (owners)")
  @GetMapping("/api/v1/households/{id}/access-secrets/reveals")
  Page<AccessSecretRepository.Reveal> reveals(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return secrets.reveals(currentUser.userId(), id, PageRequest.of("reveals", limit, cursor));
  }
}
