package io.pawkeep.bookings;

import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The services a business offers. Checks live in {@link ServiceCatalogue}. */
@RestController
class ServiceController {

  record AddService(
      @NotNull @Size(max = 20) String kind,
      @NotNull @Size(max = 100) String name,
      @NotNull Integer durationMinutes,
      @NotNull Long priceMinor,
      @NotNull @Size(max = 3) String currency) {}

  private final ServiceCatalogue catalogue;
  private final CurrentUser currentUser;

  ServiceController(ServiceCatalogue catalogue, CurrentUser currentUser) {
    this.catalogue = catalogue;
    this.currentUser = currentUser;
  }

  @Operation(summary = "The business's services (bookings.read)")
  @GetMapping("/api/v1/businesses/{id}/services")
  List<ServiceView> list(@PathVariable UUID id) {
    return catalogue.list(currentUser.userId(), id);
  }

  @Operation(
      summary = "Add a service: kind, name, duration, price in minor units (settings.manage)")
  @PostMapping("/api/v1/businesses/{id}/services")
  @ResponseStatus(HttpStatus.CREATED)
  ServiceView add(@PathVariable UUID id, @Valid @RequestBody AddService body) {
    return catalogue.add(
        currentUser.userId(),
        id,
        new ServiceCatalogue.ServiceFields(
            body.kind(), body.name(), body.durationMinutes(), body.priceMinor(), body.currency()));
  }
}
