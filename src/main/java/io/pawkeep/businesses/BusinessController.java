package io.pawkeep.businesses;

import io.pawkeep.audit.RecordedEvent;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Businesses and their settings. Object and permission checks live in {@link Businesses}. */
@RestController
class BusinessController {

  record CreateBusiness(
      @NotNull @Size(max = 20) String kind, @NotBlank @Size(max = 100) String name) {}

  record UpdateBusiness(@Size(min = 1, max = 100) String name, Boolean requireSecondFactor) {}

  private final Businesses businesses;
  private final CurrentUser currentUser;

  BusinessController(Businesses businesses, CurrentUser currentUser) {
    this.businesses = businesses;
    this.currentUser = currentUser;
  }

  @Operation(summary = "Create a business (care_company or clinic); the caller becomes its owner")
  @PostMapping("/api/v1/businesses")
  @ResponseStatus(HttpStatus.CREATED)
  BusinessView create(@Valid @RequestBody CreateBusiness body) {
    return businesses.create(currentUser.userId(), body.kind(), body.name());
  }

  @Operation(summary = "The businesses the caller is on the staff of")
  @GetMapping("/api/v1/businesses")
  Page<BusinessView> mine(
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return businesses.mine(currentUser.userId(), PageRequest.of("businesses", limit, cursor));
  }

  @Operation(
      summary = "One business, with the caller's role and permissions (staff, or an API key of it)")
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  @GetMapping("/api/v1/businesses/{id}")
  BusinessView get(@PathVariable UUID id) {
    return businesses.get(currentUser.callerId(), id);
  }

  @Operation(
      summary =
          "Rename (settings.manage) or set requireSecondFactor (owners); owners and managers"
              + " need a second factor when it is required")
  @PatchMapping("/api/v1/businesses/{id}")
  BusinessView update(@PathVariable UUID id, @Valid @RequestBody UpdateBusiness body) {
    return businesses.update(currentUser.userId(), id, body.name(), body.requireSecondFactor());
  }

  @Operation(summary = "The business's audit trail, newest first (audit.read; API keys too)")
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  @GetMapping("/api/v1/businesses/{id}/audit")
  Page<RecordedEvent> audit(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return businesses.auditTrail(
        currentUser.callerId(), id, PageRequest.of("audit", limit, cursor));
  }
}
