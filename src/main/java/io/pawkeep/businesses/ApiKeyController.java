package io.pawkeep.businesses;

import io.pawkeep.businesses.ApiKeys.CreatedApiKey;
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
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A business's API keys, for holders of settings.manage signed in as themselves (a key never
 * manages keys). Checks live in {@link ApiKeys}.
 */
@RestController
class ApiKeyController {

  record CreateApiKey(
      @NotBlank @Size(max = 100) String name,
      @NotNull @Size(min = 1, max = 32) List<@NotBlank @Size(max = 50) String> permissions,
      Instant expiresAt) {}

  private final ApiKeys keys;
  private final CurrentUser currentUser;

  ApiKeyController(ApiKeys keys, CurrentUser currentUser) {
    this.keys = keys;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Create an API key with permissions you hold (settings.manage); the secret is in this"
              + " answer only")
  @PostMapping("/api/v1/businesses/{id}/api-keys")
  ResponseEntity<CreatedApiKey> create(
      @PathVariable UUID id, @Valid @RequestBody CreateApiKey body) {
    CreatedApiKey created =
        keys.create(currentUser.userId(), id, body.name(), body.permissions(), body.expiresAt());
    return ResponseEntity.status(HttpStatus.CREATED)
        .cacheControl(CacheControl.noStore())
        .body(created);
  }

  @Operation(summary = "The business's API keys, without secrets (settings.manage)")
  @GetMapping("/api/v1/businesses/{id}/api-keys")
  Page<ApiKeyView> list(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return keys.list(currentUser.userId(), id, PageRequest.of("api-keys", limit, cursor));
  }

  @Operation(summary = "Revoke an API key; it fails from its next request (settings.manage)")
  @DeleteMapping("/api/v1/businesses/{id}/api-keys/{keyId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@PathVariable UUID id, @PathVariable UUID keyId) {
    keys.revoke(currentUser.userId(), id, keyId);
  }
}
