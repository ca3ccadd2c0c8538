package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Physical keys and their custody. */
@RestController
class KeyController {

  record RegisterKey(@NotBlank @Size(max = 100) String label, @NotNull Integer copies) {}

  record HandOver(@NotBlank @Size(max = 100) String holderName, UUID holderId) {}

  record GiveBack(@NotNull UUID handoverId) {}

  private final HouseholdKeys keys;
  private final CurrentUser currentUser;

  KeyController(HouseholdKeys keys, CurrentUser currentUser) {
    this.keys = keys;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "The household's keys and who holds them (members): each key with its copies out and"
              + " latest handovers, 20 at most")
  @GetMapping("/api/v1/households/{id}/keys")
  Page<HouseholdKeys.Key> list(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return keys.list(currentUser.userId(), id, PageRequest.of("keys", limit, cursor));
  }

  @Operation(summary = "A key's whole handover history, newest first (members)")
  @GetMapping("/api/v1/keys/{keyId}/handovers")
  Page<HouseholdKeys.Handover> handovers(
      @PathVariable UUID keyId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return keys.handovers(currentUser.userId(), keyId, PageRequest.of("handovers", limit, cursor));
  }

  @Operation(summary = "Register a physical key and how many copies exist (owners)")
  @PostMapping("/api/v1/households/{id}/keys")
  @ResponseStatus(HttpStatus.CREATED)
  HouseholdKeys.Key register(@PathVariable UUID id, @Valid @RequestBody RegisterKey body) {
    return keys.register(currentUser.userId(), id, body.label(), body.copies());
  }

  @Operation(summary = "Hand a copy of a key to a person (owners)")
  @PostMapping("/api/v1/keys/{keyId}/handovers")
  @ResponseStatus(HttpStatus.CREATED)
  HouseholdKeys.Handover handOver(@PathVariable UUID keyId, @Valid @RequestBody HandOver body) {
    return keys.handOver(currentUser.userId(), keyId, body.holderName(), body.holderId());
  }

  @Operation(summary = "Record that a handed-over copy came back (owners)")
  @PostMapping("/api/v1/keys/{keyId}/return")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void giveBack(@PathVariable UUID keyId, @Valid @RequestBody GiveBack body) {
    keys.giveBack(currentUser.userId(), keyId, body.handoverId());
  }
}
