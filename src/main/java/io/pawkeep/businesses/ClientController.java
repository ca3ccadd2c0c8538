package io.pawkeep.businesses;

import io.pawkeep.businesses.ClientRepository.ClientHousehold;
import io.pawkeep.businesses.ClientRepository.HouseholdBusiness;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client relationships, from both sides: the business asks and lists, the household's owners grant,
 * revoke and list. Checks live in {@link ClientRelationships}.
 */
@RestController
class ClientController {

  record RequestClient(@NotNull UUID householdId) {}

  private final ClientRelationships relationships;
  private final CurrentUser currentUser;

  ClientController(ClientRelationships relationships, CurrentUser currentUser) {
    this.relationships = relationships;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Ask a household for access (clients.read); answers 202 whether or not the household"
              + " exists")
  @PostMapping("/api/v1/businesses/{id}/clients")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, String> request(@PathVariable UUID id, @Valid @RequestBody RequestClient body) {
    relationships.request(currentUser.userId(), id, body.householdId());
    return Map.of("status", "requested");
  }

  @Operation(
      summary = "The business's active client households, id and name (clients.read; API keys too)")
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  @GetMapping("/api/v1/businesses/{id}/clients")
  Page<ClientHousehold> clients(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return relationships.list(currentUser.callerId(), id, PageRequest.of("clients", limit, cursor));
  }

  @Operation(summary = "Grant a business access to the household (household owners)")
  @PostMapping("/api/v1/households/{id}/businesses/{businessId}/grant")
  Map<String, String> grant(@PathVariable UUID id, @PathVariable UUID businessId) {
    relationships.grant(currentUser.userId(), id, businessId);
    return Map.of("status", "active");
  }

  @Operation(summary = "Revoke a business's access or decline its request (household owners)")
  @DeleteMapping("/api/v1/households/{id}/businesses/{businessId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@PathVariable UUID id, @PathVariable UUID businessId) {
    relationships.revoke(currentUser.userId(), id, businessId);
  }

  @Operation(summary = "Businesses that can see or ask to see the household (household owners)")
  @GetMapping("/api/v1/households/{id}/businesses")
  Page<HouseholdBusiness> businesses(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return relationships.businessesOf(
        currentUser.userId(), id, PageRequest.of("household-businesses", limit, cursor));
  }
}
